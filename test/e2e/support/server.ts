/**
 * The real server for an e2e file, started as `npm start` starts it (same entry, a free port, a
 * temp data dir), with helpers to read sign-in codes from its outbox and to call the API with a
 * Bearer token for set-up that is not what a test is about.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';

const REPO_DIR = join(import.meta.dirname, '../../..');
export const E2E_ADMIN = 'admin@e2e.test';

export interface E2eServer {
  /** `http://localhost:<port>`: Chromium treats localhost as secure, so it keeps the Secure session cookie. */
  url: string;
  dataDir: string;
  /** Waits for a sign-in code for `email` that no earlier call returned, and returns it. */
  nextCode(email: string): Promise<string>;
  /** Signs in through the API and returns the session token (for Bearer set-up calls). */
  signIn(email: string): Promise<string>;
  /** A JSON API call with a Bearer token; throws unless the status is `expect` (default 2xx). */
  api<T = Record<string, unknown>>(
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    expect?: number,
  ): Promise<T>;
  stop(): Promise<void>;
}

export async function startServer(options: { admins?: string[] } = {}): Promise<E2eServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dataroom-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/src/local/main.ts'], {
    cwd: REPO_DIR,
    env: {
      ...process.env,
      PORT: '0',
      HOST: 'localhost',
      DATAROOM_DATA_DIR: dataDir,
      DATAROOM_ADMIN_EMAILS: (options.admins ?? [E2E_ADMIN]).join(','),
      // The global setup built the app once and snapshotted it: serve that, never rebuild.
      DATAROOM_WEB_BUILD: 'off',
      DATAROOM_WEB_DIST: inject('webDist'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForUrl(child);
  const used = new Set<string>();

  // The newest code for the address that no earlier call returned; older ones are dead once it exists.
  const nextCode = async (email: string) => {
    const outbox = join(dataDir, 'outbox');
    for (let attempt = 0; attempt < 200; attempt++) {
      const names = (await readdir(outbox).catch(() => [] as string[]))
        .filter((n) => n.includes('sign-in-code') && !used.has(n))
        .sort()
        .reverse();
      const mine = [];
      for (const name of names) {
        const text = await readFile(join(outbox, name), 'utf8');
        const code = text.match(/code is (\d{6,})/)?.[1];
        if (code && text.includes(`To: ${email}`)) mine.push({ name, code });
      }
      if (mine[0]) {
        for (const { name } of mine) used.add(name);
        return mine[0].code;
      }
      await sleep(50);
    }
    throw new Error(`no new sign-in code in the outbox for ${email}`);
  };

  const call = async (token: string | undefined, method: string, path: string, body?: unknown) =>
    fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const api: E2eServer['api'] = async (token, method, path, body, expect) => {
    const response = await call(token, method, path, body);
    const ok = expect === undefined ? response.ok : response.status === expect;
    if (!ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (response.status === 204 ? {} : await response.json()) as never;
  };

  const signIn = async (email: string) => {
    await api(undefined, 'POST', '/auth/start', { email }, 202);
    const verified = await api<{ token: string }>(undefined, 'POST', '/auth/verify', {
      email,
      code: await nextCode(email),
    });
    return verified.token;
  };

  return {
    url,
    dataDir,
    nextCode,
    signIn,
    api,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(5000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the URL the server prints once it listens; rejects with its output if it exits first. */
function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail('did not print its URL within 60 s'), 60_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`the server ${why}:\n${output}`));
    };
    const read = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000); // enough to explain a failure
      const url = output.match(/dataroom is running at (http:\/\/\S+)/)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    });
    child.once('exit', (code) => fail(`exited with ${code}`));
  });
}
