/**
 * Test harness: a real local runtime (dynalite in memory on a random port, encrypted files in a
 * temp data dir, the outbox) driven through `app.request()`, with helpers that act as a user would.
 * Nothing of our own is mocked; the clock can be moved.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../functions/src/core/ports/logger.port.ts';
import { createLocalRuntime, type LocalRuntime } from '../../functions/src/local/compose.ts';

export const ORIGIN = 'http://dataroom.test';
export const ADMIN = 'admin@dataroom.test';

export class TestClock {
  #offsetMs = 0;
  now = () => new Date(Date.now() + this.#offsetMs);
  advance(ms: number) {
    this.#offsetMs += ms;
  }
  advanceDays(days: number) {
    this.advance(days * 86_400_000);
  }
}

export const quietLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export interface Harness {
  runtime: LocalRuntime;
  clock: TestClock;
  dataDir: string;
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  signIn(email: string): Promise<string>;
  latestCode(email: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    admins?: string[];
    /** Where the runtime logs; quiet by default. */
    log?: Logger;
  } = {},
): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dataroom-test-'));
  const clock = new TestClock();
  const runtime = await createLocalRuntime({
    dataDir,
    adminEmails: options.admins ?? [ADMIN],
    inMemoryDynamo: true,
    publicUrl: ORIGIN,
    clock,
    log: options.log ?? quietLogger,
    printMail: () => {},
  });
  const request: Harness['request'] = (path, init = {}) => {
    const { token, json, headers, ...rest } = init;
    const h = new Headers(headers);
    if (token) h.set('authorization', `Bearer ${token}`);
    if (json !== undefined) h.set('content-type', 'application/json');
    return Promise.resolve(
      runtime.app.request(path.startsWith('http') ? path : `${ORIGIN}${path}`, {
        ...rest,
        headers: h,
        ...(json !== undefined ? { body: typeof json === 'string' ? json : JSON.stringify(json) } : {}),
      }),
    );
  };
  const latestCode = async (email: string) => {
    const dir = join(dataDir, 'outbox');
    const names = (await readdir(dir)).filter((n) => n.includes('sign-in-code')).sort();
    for (const name of names.reverse()) {
      const text = await readFile(join(dir, name), 'utf8');
      if (text.includes(`To: ${email}`)) {
        const code = text.match(/code is (\d{6,})/)?.[1];
        if (code) return code;
      }
    }
    throw new Error(`no sign-in code in the outbox for ${email}`);
  };
  const signIn = async (email: string) => {
    const start = await request('/api/v1/auth/start', { method: 'POST', json: { email } });
    if (start.status !== 202) throw new Error(`auth/start answered ${start.status}`);
    const verify = await request('/api/v1/auth/verify', {
      method: 'POST',
      json: { email, code: await latestCode(email) },
    });
    if (verify.status !== 200)
      throw new Error(`auth/verify answered ${verify.status}: ${await verify.text()}`);
    return ((await verify.json()) as { token: string }).token;
  };
  return {
    runtime,
    clock,
    dataDir,
    request,
    signIn,
    latestCode,
    close: async () => {
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Takes a deal's audit seal lease as `owner`, as another sealer would, for `ms` of real time. The
 * background sealer (and a sweep's seal) may hold the lease for a moment: wait for it and try again
 * rather than fail, so that a test on a loaded machine does not depend on timing.
 */
export async function holdSealLease(h: Harness, dealId: string, owner: string, ms = 60_000): Promise<void> {
  for (let attempt = 1; !(await h.runtime.deps.audit.acquireSealLease(dealId, owner, ms)); attempt++) {
    if (attempt >= 1000) throw new Error(`the seal lease of ${dealId} was never free`);
    await h.runtime.idle();
    await new Promise((resolve) => setTimeout(resolve, 10)); // a seal that is not ours: let it finish
  }
}

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
export const randomData = (bytes: number) => new Uint8Array(randomBytes(bytes));

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
