/**
 * Builds the web app (Vite, `web/` → `web/dist`) when the build is missing or older than its
 * sources. `npm start` calls it before serving; the e2e setup calls it before starting browsers.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_DIR = join(REPO_DIR, 'web');
export const WEB_DIST_DIR = join(WEB_DIR, 'dist');
const VITE_CONFIG = join(WEB_DIR, 'vite.config.ts');

/** What the build is made from: a change to any of these makes the build stale. */
const WEB_SOURCES = [
  join(WEB_DIR, 'src'),
  join(WEB_DIR, 'public'),
  join(WEB_DIR, 'index.html'),
  join(REPO_DIR, 'shared/src'),
];

/** web/src, web/public, web/index.html, the Vite config and its plugins (web/*.ts), shared/src. */
async function sourcePaths(): Promise<string[]> {
  const topLevel = (await readdir(WEB_DIR)).filter((name) => /\.[cm]?tsx?$/.test(name));
  return [...WEB_SOURCES, ...topLevel.map((name) => join(WEB_DIR, name))];
}

/** The latest modification time (ms) of a file, or of any file under a folder; 0 if there is none. */
async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  const times = await Promise.all(
    entries.filter((e) => e.isFile()).map(async (e) => (await stat(join(e.parentPath, e.name))).mtimeMs),
  );
  return Math.max(info.mtimeMs, ...times);
}

export type WebBuildState =
  | { state: 'fresh' }
  | { state: 'missing' | 'stale' }
  /** No Vite project in web/ (no vite.config.ts): nothing to build, the placeholder page is served. */
  | { state: 'no-project' };

/** Whether `web/dist` is missing, or older than any of its sources. */
export async function webBuildState(): Promise<WebBuildState> {
  if (!existsSync(VITE_CONFIG)) return { state: 'no-project' };
  const built = await stat(join(WEB_DIST_DIR, 'index.html')).catch(() => undefined);
  if (!built) return { state: 'missing' };
  const sources = await Promise.all((await sourcePaths()).map(newestMtime));
  return Math.max(...sources) > built.mtimeMs ? { state: 'stale' } : { state: 'fresh' };
}

export interface WebBuildResult {
  built: boolean;
  /** Why nothing was built, or why the build failed (a short, printable sentence). */
  reason?: string;
  ms: number;
}

/**
 * Builds `web/dist` if it is missing or stale, printing a line before and after (with the time it
 * took). Never throws: a failed build is reported and the caller serves the placeholder page.
 */
export async function buildWebIfStale(print: (line: string) => void = console.log): Promise<WebBuildResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { state } = await webBuildState();
  if (state === 'fresh') return { built: false, reason: 'the web build is up to date', ms: elapsed() };
  if (state === 'no-project')
    return { built: false, reason: 'web/ has no Vite project (web/vite.config.ts)', ms: elapsed() };
  print(`Building the web app (web/dist is ${state === 'missing' ? 'missing' : 'older than its sources'})…`);
  try {
    const { build } = await import('vite');
    await build({ configFile: VITE_CONFIG, root: WEB_DIR, mode: 'production', logLevel: 'warn' });
  } catch (error) {
    // Build errors name source files and lines, never data: print them so they can be fixed.
    const reason = error instanceof Error ? error.message.split('\n').slice(0, 8).join('\n') : String(error);
    print(
      `The web app could not be built, so the placeholder page is served (the API works as usual):\n${reason}\n` +
        'Fix the error and restart, or run `npm run build:web` to see the full output.',
    );
    return { built: false, reason, ms: elapsed() };
  }
  const ms = elapsed();
  print(`Web app built in ${(ms / 1000).toFixed(1)} s.`);
  return { built: true, ms };
}
