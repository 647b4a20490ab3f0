/**
 * Builds the web app (Vite, `web/` → `web/dist`) when the build is missing or older than its
 * sources. `npm start` calls it before serving; the e2e setup calls it before starting browsers.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where a web app and the shared schemas it is built from live (tests point it at a temp project). */
export interface WebProject {
  /** The Vite project: `vite.config.ts`, `index.html`, `src/`, `public/`; it builds into `dist/`. */
  webDir: string;
  /** Shared sources the app imports (the zod schemas). */
  sharedDir: string;
}

export const WEB_PROJECT: WebProject = {
  webDir: join(REPO_DIR, 'web'),
  sharedDir: join(REPO_DIR, 'shared/src'),
};
export const WEB_DIST_DIR = join(WEB_PROJECT.webDir, 'dist');

const viteConfigOf = ({ webDir }: WebProject) => join(webDir, 'vite.config.ts');

/** What the build is made from: src/, public/, index.html, the Vite config and its plugins (*.ts), shared/. */
async function sourcePaths({ webDir, sharedDir }: WebProject): Promise<string[]> {
  const topLevel = (await readdir(webDir)).filter((name) => /\.[cm]?tsx?$/.test(name));
  return [
    join(webDir, 'src'),
    join(webDir, 'public'),
    join(webDir, 'index.html'),
    sharedDir,
    ...topLevel.map((name) => join(webDir, name)),
  ];
}

/** The latest modification time (ms) of a file, or of any file under a folder; 0 if there is none. */
async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  let newest = info.mtimeMs;
  for (const entry of entries) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

export type WebBuildState =
  | { state: 'fresh' }
  | { state: 'missing' | 'stale' }
  /** No Vite project (no vite.config.ts): nothing to build, the placeholder page is served. */
  | { state: 'no-project' };

/** Whether the build (`dist/index.html`) is missing, or older than any of its sources. */
export async function webBuildState(project: WebProject = WEB_PROJECT): Promise<WebBuildState> {
  if (!existsSync(viteConfigOf(project))) return { state: 'no-project' };
  const built = await stat(join(project.webDir, 'dist/index.html')).catch(() => undefined);
  if (!built) return { state: 'missing' };
  const sources = await Promise.all((await sourcePaths(project)).map(newestMtime));
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
export async function buildWebIfStale(
  print: (line: string) => void = console.log,
  project: WebProject = WEB_PROJECT,
): Promise<WebBuildResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { state } = await webBuildState(project);
  if (state === 'fresh') return { built: false, reason: 'the web build is up to date', ms: elapsed() };
  if (state === 'no-project')
    return { built: false, reason: `${project.webDir} has no Vite project (vite.config.ts)`, ms: elapsed() };
  print(`Building the web app (web/dist is ${state === 'missing' ? 'missing' : 'older than its sources'})…`);
  try {
    const { build } = await import('vite');
    await build({
      configFile: viteConfigOf(project),
      root: project.webDir,
      mode: 'production',
      logLevel: 'warn',
    });
  } catch (error) {
    // Build errors name source files and lines, never data: print them so they can be fixed.
    const message = stripVTControlCharacters(error instanceof Error ? error.message : String(error));
    const reason = message.split('\n').slice(0, 8).join('\n');
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
