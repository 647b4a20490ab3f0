/**
 * One cell, inspected: either the whole value is a kind (a phone column's "138 1234 5678"), or it is
 * scanned as free text for identifiers buried in it. Values shaped like a kind that fail its check are
 * reported as `invalid` so the column profile can count them.
 */
import type { PiiKind } from '../../../../shared/src/profile.schema.ts';
import { type Finding, scanText } from './embedded-scan.ts';
import { valueVerdict } from './value-shapes.ts';

export interface CellInspection {
  findings: readonly Finding[];
  invalid: readonly PiiKind[];
}

const NOTHING: CellInspection = { findings: [], invalid: [] };

export function inspectCell(raw: string, hints: ReadonlySet<PiiKind>): CellInspection {
  const value = raw.trim();
  if (value === '') return NOTHING;
  const verdict = valueVerdict(value, hints);
  if (verdict && 'kind' in verdict) {
    const start = raw.indexOf(value);
    return { findings: [{ kind: verdict.kind, start, end: start + value.length }], invalid: [] };
  }
  // A value shaped like one identifier (that failed its check) is a single token: nothing is buried in it.
  if (verdict) return { findings: [], invalid: verdict.invalid };
  const findings = scanText(raw);
  return findings.length === 0 ? NOTHING : { findings, invalid: [] };
}
