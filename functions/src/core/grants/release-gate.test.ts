import { describe, expect, it } from 'vitest';
import type { DataFile } from '../../../../shared/src/file.schema.ts';
import type { DatasetProfile } from '../../../../shared/src/profile.schema.ts';
import { holdsPersonalData, holdsSensitiveData, releaseGap } from './release-gate.ts';

const file = (
  sensitivity: DataFile['sensitivity'],
  suggested?: DatasetProfile['suggestedSensitivity'],
): DataFile => ({
  id: 'file_AAAAAAAAAAAAAAAA',
  dealId: 'deal_AAAAAAAAAAAAAAAA',
  name: 'customers.csv',
  size: 10,
  contentType: 'text/csv',
  category: 'basic_info',
  sensitivity,
  status: 'available',
  createdAt: '2026-11-23T00:00:00.000Z',
  createdBy: 'it@seller.test',
  ...(suggested
    ? {
        profile: {
          format: 'csv',
          encoding: 'utf-8',
          rows: 1,
          duplicateRows: 0,
          columns: [],
          suggestedSensitivity: suggested,
        },
      }
    : {}),
});

describe('release gate', () => {
  it.each([
    ['public', undefined, false],
    ['internal', undefined, false],
    ['personal', undefined, true],
    ['sensitive', undefined, true],
    ['internal', 'internal', false],
    ['internal', 'personal', true],
    ['public', 'sensitive', true],
    ['personal', 'internal', true],
  ] as const)('declared %s, profiled %s → personal data: %s', (declared, suggested, personal) => {
    expect(holdsPersonalData(file(declared, suggested))).toBe(personal);
  });

  it('takes the stricter of the declared and the suggested grade for sensitive data', () => {
    expect(holdsSensitiveData(file('internal', 'sensitive'))).toBe(true);
    expect(holdsSensitiveData(file('sensitive', 'personal'))).toBe(true);
    expect(holdsSensitiveData(file('personal', 'personal'))).toBe(false);
  });

  it('asks for a release on personal data, and for a reason too on sensitive data', () => {
    expect(releaseGap(file('internal', 'internal'), undefined)).toBeUndefined();
    expect(releaseGap(file('personal'), undefined)).toBe('release');
    expect(releaseGap(file('personal'), {})).toBeUndefined();
    expect(releaseGap(file('internal', 'sensitive'), {})).toBe('reason');
    expect(releaseGap(file('internal', 'sensitive'), { reason: 'SPA §7.2' })).toBeUndefined();
  });
});
