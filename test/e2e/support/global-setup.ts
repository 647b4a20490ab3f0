/**
 * Once before the e2e files: build the web app if its build is missing or stale (the same check
 * `npm start` makes), so every server the tests start serves the current app.
 */
import { buildWebIfStale, webBuildState } from '../../../functions/src/local/web-build.ts';

export default async function setup(): Promise<void> {
  const result = await buildWebIfStale((line) => console.log(`[e2e] ${line}`));
  if ((await webBuildState()).state !== 'fresh') {
    throw new Error(
      `The e2e tests need the web app built, and it is not: ${result.reason ?? 'unknown reason'}`,
    );
  }
}
