/**
 * Once before the e2e files: build the web app if its build is missing or stale (the same check
 * `npm start` makes), so every server the tests start serves the current app.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { buildWebIfStale, webBuildState } from '../../../functions/src/local/web-build.ts';

const print = (line: string) => console.log(`[e2e] ${line}`);

export default async function setup(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const result = await buildWebIfStale(print);
    const { state } = await webBuildState();
    if (state === 'fresh') return;
    // A source saved while Vite was building: the build is there, just not of that very last edit.
    if (state === 'stale' && result.built) {
      print('A source changed during the build; testing the build as it is.');
      return;
    }
    // Missing right after a build: someone else's build (npm start, build:web) is emptying web/dist.
    if (attempt >= 3) {
      throw new Error(
        `The e2e tests need the web app built, and it is ${state}: ${result.reason ?? 'see above'}`,
      );
    }
    await sleep(5000);
  }
}
