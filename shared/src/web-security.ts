/**
 * The web app's security headers, one definition for the local server (functions/src/local) and
 * CloudFront (infra/): a strict CSP (no inline script, nothing from a third party) and friends.
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the app compile its own bundled WebAssembly (hash-wasm's SHA-256 over
  // multi-GB uploads; WebCrypto cannot hash a stream) and nothing else: JS eval stays blocked.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Headers every web page carries (HSTS is added only where the origin is HTTPS, i.e. CloudFront). */
export const WEB_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': WEB_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};
