/**
 * Once before the e2e files: build the web app if its build is missing or stale (the same check
 * `npm start` makes), then copy it to a snapshot that every test server serves, so a rebuild of
 * web/dist meanwhile (npm start, build:web) cannot pull the app from under a running test.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestProject } from 'vitest/node';
import { buildWebIfStale, WEB_DIST_DIR, webBuildState } from '../../../functions/src/local/web-build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The snapshot of web/dist the test servers serve (DATAROOM_WEB_DIST). */
    webDist: string;
  }
}

const print = (line: string) => console.log(`[e2e] ${line}`);

async function buildOrWait(): Promise<void> {
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const snapshot = await mkdtemp(join(tmpdir(), 'dataroom-e2e-web-'));
  for (let attempt = 1; ; attempt++) {
    await buildOrWait();
    try {
      await cp(WEB_DIST_DIR, snapshot, { recursive: true });
      if (!existsSync(join(snapshot, 'index.html')))
        throw new Error('web/dist was emptied while it was copied');
      break;
    } catch (error) {
      if (attempt >= 3) throw error; // web/dist vanished mid-copy three times: someone keeps rebuilding
      await rm(snapshot, { recursive: true, force: true });
    }
  }
  project.provide('webDist', snapshot);
  return () => rm(snapshot, { recursive: true, force: true });
}
