/**
 * The release gate (PIPL art. 23 and 55, GDPR art. 5(1)(c)): before closing, bidders see personal
 * data only masked. Downloading a file that holds personal data needs a grant on which an admin
 * recorded a release (PIPIA reference and lawful basis), and a written reason when the file is
 * `sensitive`. A file holds personal data when its declared sensitivity or its profile's suggested
 * one is `personal` or `sensitive`; a file not yet profiled is judged by its declaration, and the
 * check is made again on every download, when the profile is there.
 */
import type { DataFile } from '../../../../shared/src/file.schema.ts';
import type { ReleaseBody } from '../../../../shared/src/grant.schema.ts';
import { isPersonalGrade } from '../../../../shared/src/sensitivity.schema.ts';
import { ConflictError } from '../errors.ts';

const grades = (file: DataFile) =>
  file.profile ? [file.sensitivity, file.profile.suggestedSensitivity] : [file.sensitivity];

export const holdsPersonalData = (file: DataFile): boolean => grades(file).some(isPersonalGrade);

export const holdsSensitiveData = (file: DataFile): boolean => grades(file).includes('sensitive');

/** What a download of `file` under `release` still lacks: a release, a written reason, or nothing. */
export function releaseGap(
  file: DataFile,
  release: Pick<ReleaseBody, 'reason'> | undefined,
): 'release' | 'reason' | undefined {
  if (!holdsPersonalData(file)) return undefined;
  if (!release) return 'release';
  return holdsSensitiveData(file) && !release.reason ? 'reason' : undefined;
}

export const releaseRequired = (message: string, issues?: { path: string; message: string }[]) =>
  new ConflictError('GRANT.RELEASE_REQUIRED', message, issues ? { issues } : {});

/** The refusal a member or link download meets when its grant does not release the file. */
export const downloadNotReleased = () =>
  releaseRequired(
    'This file holds personal data, and your access to it has not been released for download: a platform ' +
      'admin must record a PIPIA reference and the lawful basis on the grant. Its masked preview stays available.',
  );
