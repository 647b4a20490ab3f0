/**
 * How personal the chosen files are, for the release gate (PIPL art. 23/28): a file counts by its
 * stored grade or, when that is milder, by the grade its profile suggests. `sensitive` means the
 * release also needs a written reason.
 */
import type { DataFile, Sensitivity } from '../../../../shared/src/index.ts';

export type ReleaseGrade = 'none' | 'personal' | 'sensitive';

type GradedFile = Pick<DataFile, 'sensitivity'> & {
  profile?: { suggestedSensitivity?: Sensitivity | undefined } | undefined;
};

export function releaseGradeOf(files: readonly GradedFile[]): ReleaseGrade {
  const grades = files.flatMap((file) => [file.sensitivity, file.profile?.suggestedSensitivity]);
  if (grades.includes('sensitive')) return 'sensitive';
  if (grades.includes('personal')) return 'personal';
  return 'none';
}
