import { describe, expect, it } from 'vitest';
import { decodeUploadRef, encodeUploadRef, objectKey, refOfKey } from './s3-layout.ts';

describe('the data bucket layout', () => {
  it('maps a file to one key and back', () => {
    const key = objectKey({ dealId: 'deal_Ab-1', fileId: 'file_x_2' });
    expect(key).toBe('deals/deal_Ab-1/files/file_x_2');
    expect(refOfKey(key)).toEqual({ dealId: 'deal_Ab-1', fileId: 'file_x_2' });
  });

  it.each([
    'deals/deal_1/files/',
    'deals/deal_1/files/file_1/extra',
    'other/deal_1/files/file_1',
    'deals/../files/file_1',
  ])('ignores a key outside the layout: %s', (key) => {
    expect(refOfKey(key)).toBeUndefined();
  });

  it('keeps the declared size in the upload reference, and refuses references it did not issue', () => {
    const ref = encodeUploadRef({ size: 10_485_761, s3UploadId: 'VXBsb2FkIElE.with:colon' });
    expect(decodeUploadRef(ref)).toEqual({ size: 10_485_761, s3UploadId: 'VXBsb2FkIElE.with:colon' });
    for (const bad of ['', 'abc', ':x', '12', '99999999999999999:x']) {
      expect(() => decodeUploadRef(bad)).toThrow(expect.objectContaining({ code: 'UPLOAD.NOT_IN_PROGRESS' }));
    }
  });
});
