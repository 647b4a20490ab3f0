/**
 * Small file-system helpers for the local adapters. Writes that others may read go through a temp
 * file and a rename, so a crash leaves either the old content or the new, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ValidationError } from '../../core/errors.ts';

/** True for the error Node raises when a path does not exist. */
export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** True for the error Node raises when an exclusive create finds the path taken. */
export function isAlreadyExists(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EEXIST';
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Creates a directory (and its parents) readable only by the owner. */
export async function ensurePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
}

/** A sibling name for a file being written, unique per call. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.tmp-${randomBytes(8).toString('hex')}`);
}

/** Writes `data` durably to a temp file (mode 0600), then renames it over `path`. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await writeFileDurably(temp, data, 'wx');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Writes and fsyncs a file with mode 0600; `flag` 'wx' fails if the path exists. */
export async function writeFileDurably(path: string, data: string | Uint8Array, flag = 'w'): Promise<void> {
  const handle = await open(path, flag, 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates `path` with `data` only if it does not exist yet, atomically: the content is written to a
 * temp file first and then hard-linked into place, so nobody ever sees a half-written file and two
 * racing creators cannot both win. Returns false when the file already existed.
 */
export async function createFileExclusive(path: string, data: string | Uint8Array): Promise<boolean> {
  const temp = tempPathFor(path);
  try {
    await writeFileDurably(temp, data, 'wx');
    await link(temp, path);
    return true;
  } catch (error) {
    if (isAlreadyExists(error)) return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,128}$/;

/** Ids become path segments; anything but url-safe characters could climb out of the data dir. */
export function assertSafeSegment(value: string, what: string): void {
  if (!SAFE_SEGMENT.test(value)) throw new ValidationError('VALIDATION.FAILED', `Invalid ${what}.`);
}
