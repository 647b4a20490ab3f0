/** Stub for the share-link landing page (`/s/:token`); C2 replaces it with the real page. */
export function LinkPage() {
  return null;
}
