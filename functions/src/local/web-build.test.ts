import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildWebIfStale, type WebProject, webBuildState } from './web-build.ts';

/** A Vite project with no dependencies (the config imports nothing), so it builds from a temp dir. */
async function tinyProject(dir: string): Promise<WebProject> {
  const webDir = join(dir, 'web');
  const sharedDir = join(dir, 'shared');
  await mkdir(join(webDir, 'src'), { recursive: true });
  await mkdir(sharedDir, { recursive: true });
  await writeFile(
    join(webDir, 'vite.config.ts'),
    "export default { build: { outDir: 'dist', emptyOutDir: true } };\n",
  );
  await writeFile(
    join(webDir, 'index.html'),
    '<!doctype html><html><body><div id="root"></div><script type="module" src="./src/main.js"></script></body></html>',
  );
  await writeFile(join(webDir, 'src/main.js'), "document.getElementById('root').textContent = 'hello';\n");
  await writeFile(join(sharedDir, 'deal.schema.ts'), 'export const x = 1;\n');
  return { webDir, sharedDir };
}

const later = async (path: string) => {
  const future = new Date(Date.now() + 60_000);
  await utimes(path, future, future);
};

describe('buildWebIfStale', () => {
  let dir: string;
  let project: WebProject;
  let printed: string[];
  const print = (line: string) => printed.push(line);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dataroom-web-build-'));
    project = await tinyProject(dir);
    printed = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('builds a missing build, saying so before and after with the time taken, and then it is fresh', async () => {
    expect(await webBuildState(project)).toEqual({ state: 'missing' });
    const result = await buildWebIfStale(print, project);
    expect(result.built).toBe(true);
    expect(printed[0]).toMatch(/^Building the web app \(web\/dist is missing\)/);
    expect(printed[1]).toMatch(/^Web app built in \d+\.\d s\.$/);
    expect(await webBuildState(project)).toEqual({ state: 'fresh' });

    printed = [];
    expect((await buildWebIfStale(print, project)).built).toBe(false);
    expect(printed).toEqual([]);
  });

  it.each([
    ['a file under src/', 'web/src/main.js'],
    ['index.html', 'web/index.html'],
    ['the Vite config', 'web/vite.config.ts'],
    ['a shared schema', 'shared/deal.schema.ts'],
  ])('rebuilds when %s is newer than the build', async (_what, file) => {
    await buildWebIfStale(print, project);
    await later(join(dir, file));
    expect(await webBuildState(project)).toEqual({ state: 'stale' });
    printed = [];
    expect((await buildWebIfStale(print, project)).built).toBe(true);
    expect(printed[0]).toMatch(/older than its sources/);
  });

  it('reports a failed build in words and does not throw, so the server can start with the placeholder', async () => {
    await writeFile(join(project.webDir, 'src/main.js'), 'import { nothing } from "./nowhere.js";\n');
    const result = await buildWebIfStale(print, project);
    expect(result.built).toBe(false);
    expect(printed.at(-1)).toMatch(/could not be built, so the placeholder page is served/);
    expect(printed.at(-1)).toMatch(/nowhere/);
    expect(printed.at(-1)).not.toContain(String.fromCharCode(27)); // no terminal colour codes
  });

  it('does nothing where there is no Vite project', async () => {
    await rm(join(project.webDir, 'vite.config.ts'));
    expect(await webBuildState(project)).toEqual({ state: 'no-project' });
    expect(await buildWebIfStale(print, project)).toMatchObject({ built: false });
    expect(printed).toEqual([]);
  });
});
