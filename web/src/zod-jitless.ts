/**
 * Zod compiles a fast path for object schemas with `new Function` and probes for it as each schema
 * is built; the CSP (`script-src 'self'`, no 'unsafe-eval') blocks the probe and Chromium reports a
 * violation on every page load. Jitless mode never probes. Imported first, before any schema exists.
 */
import { z } from 'zod';

z.config({ jitless: true });
