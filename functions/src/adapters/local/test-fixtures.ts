/**
 * Helpers for the local adapters' tests: real temp directories and a clock the test can move.
 * No mocks: every test runs the real adapters against the real file system.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/ports/clock.port.ts';
import { EncryptedObjectStore } from './encrypted-object-store.ts';
import { LocalKeyring } from './local-keyring.ts';
import { loadOrCreateLocalSecrets } from './local-secrets.ts';
import { SignedUrls } from './signed-urls.ts';

/** A clock that stands still until told to move. */
export class ManualClock implements Clock {
  #now: Date;

  constructor(start = '2026-03-01T10:00:00.000Z') {
    this.#now = new Date(start);
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(seconds: number): void {
    this.#now = new Date(this.#now.getTime() + seconds * 1000);
  }
}

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'dataroom-local-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export function newId(prefix: 'deal' | 'file'): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** Secrets, keyring, URL signer and object store over one fresh data dir. */
export async function makeLocalStack() {
  const dataDir = await makeTempDir();
  const clock = new ManualClock();
  const secrets = await loadOrCreateLocalSecrets(dataDir);
  const keyring = new LocalKeyring({ dataDir, masterKey: secrets.masterKey, clock });
  const urls = new SignedUrls({ key: secrets.urlSigningKey, clock });
  const store = new EncryptedObjectStore({ dataDir, keyring, urlSigner: urls, clock });
  return { dataDir, clock, secrets, keyring, urls, store };
}

/** Every regular file under `dir`, recursively, with its content. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath ?? entry.path, entry.name);
      files.set(path, await readFile(path));
    }
  }
  return files;
}

/** Path → SHA-256 of every file under `dir`: cheap to compare for "nothing changed". */
export async function snapshotTree(dir: string): Promise<Map<string, string>> {
  const files = await readTree(dir);
  return new Map(
    [...files].map(([path, content]) => [path, createHash('sha256').update(content).digest('hex')]),
  );
}

export async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Yields `bytes` in chunks of `chunkSize`, as a network body would arrive. */
export async function* chunked(bytes: Uint8Array, chunkSize = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    yield bytes.subarray(offset, offset + chunkSize);
  }
}
