/**
 * The sensitivity grades (分级) a file is declared with and a dataset profile suggests. Its own
 * module so that file.schema.ts (a file carries its profile) and profile.schema.ts (a profile
 * suggests a grade) can both use it without importing each other.
 */
import { z } from 'zod';

export const Sensitivities = ['public', 'internal', 'personal', 'sensitive'] as const;
export const SensitivitySchema = z.enum(Sensitivities);
export type Sensitivity = z.infer<typeof SensitivitySchema>;

/** Grades that mean personal information (PIPL art. 4, 28): releasing them needs a recorded PIPIA and lawful basis. */
export const isPersonalGrade = (grade: Sensitivity): boolean => grade === 'personal' || grade === 'sensitive';
