import { describe, expect, it } from 'vitest';
import { releaseGradeOf } from './release-grade.ts';

describe('releaseGradeOf', () => {
  it('needs no release for public and internal files', () => {
    expect(releaseGradeOf([{ sensitivity: 'public' }, { sensitivity: 'internal' }])).toBe('none');
    expect(releaseGradeOf([])).toBe('none');
  });

  it('counts a stored personal grade, or a profile that suggests one', () => {
    expect(releaseGradeOf([{ sensitivity: 'internal' }, { sensitivity: 'personal' }])).toBe('personal');
    expect(releaseGradeOf([{ sensitivity: 'internal', profile: { suggestedSensitivity: 'personal' } }])).toBe(
      'personal',
    );
  });

  it('says sensitive (a written reason is required) when any file is or looks sensitive', () => {
    expect(releaseGradeOf([{ sensitivity: 'personal' }, { sensitivity: 'sensitive' }])).toBe('sensitive');
    expect(
      releaseGradeOf([{ sensitivity: 'personal', profile: { suggestedSensitivity: 'sensitive' } }]),
    ).toBe('sensitive');
  });
});
