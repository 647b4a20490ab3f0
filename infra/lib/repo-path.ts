/** Absolute paths inside the repository, whatever directory `cdk` or vitest runs from. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function repoPath(relative: string): string {
  return resolve(ROOT, relative);
}
