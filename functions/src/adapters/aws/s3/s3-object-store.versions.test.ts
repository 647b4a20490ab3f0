/**
 * What s3rver cannot represent (it has no versioning, no ListParts and no upload listing), checked on
 * the exact commands the store sends to S3: every version and delete marker deleted by version id in
 * batches of at most 1,000, open uploads aborted, and parts checked against ListParts before completing.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListPartsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MIN_PART_SIZE } from '../../../../../shared/src/file.schema.ts';
import { S3ObjectStore } from './s3-object-store.ts';

const s3 = mockClient(S3Client);
const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const store = new S3ObjectStore({
  client: new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
  bucket: 'data',
  keyIdFor: async () => KEY_ARN,
});

const versions = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    Key: `deals/deal_v/files/file_${from + i}`,
    VersionId: `v${from + i}`,
  }));

describe('S3ObjectStore commands', () => {
  beforeEach(() => s3.reset());

  it('creates the upload with SSE-KMS under the deal key, whatever the client asked for', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up1' });
    const created = await store.createUpload({
      dealId: 'deal_k',
      fileId: 'file_k',
      size: 10,
      partSize: MIN_PART_SIZE,
      fileName: 'a.csv',
      contentType: 'text/csv',
      origin: 'https://x.example',
    });
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input).toEqual({
      Bucket: 'data',
      Key: 'deals/deal_k/files/file_k',
      ContentType: 'text/csv',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY_ARN,
    });
    expect(created.uploadId).toBe('10:up1');
  });

  it('deletes every version and delete marker by version id, in batches of at most 1,000, after aborting open uploads', async () => {
    s3.on(ListMultipartUploadsCommand).resolves({
      Uploads: [{ Key: 'deals/deal_v/files/file_open', UploadId: 'u-open' }],
    });
    s3.on(ListObjectVersionsCommand)
      .resolvesOnce({
        Versions: versions(0, 700),
        DeleteMarkers: versions(700, 300),
        IsTruncated: true,
        NextKeyMarker: 'k1',
        NextVersionIdMarker: 'm1',
      })
      .resolvesOnce({ Versions: versions(1000, 500), DeleteMarkers: versions(1500, 2), IsTruncated: false });
    s3.on(AbortMultipartUploadCommand).resolves({});
    s3.on(DeleteObjectsCommand).resolves({});

    await expect(store.destroyDeal('deal_v')).resolves.toEqual({ method: 's3-delete-all-versions' });

    expect(s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'data', Key: 'deals/deal_v/files/file_open', UploadId: 'u-open' },
    ]);
    const lists = s3.commandCalls(ListObjectVersionsCommand).map((c) => c.args[0].input);
    expect(lists).toEqual([
      {
        Bucket: 'data',
        Prefix: 'deals/deal_v/',
        MaxKeys: 1000,
        KeyMarker: undefined,
        VersionIdMarker: undefined,
      },
      { Bucket: 'data', Prefix: 'deals/deal_v/', MaxKeys: 1000, KeyMarker: 'k1', VersionIdMarker: 'm1' },
    ]);
    const deletes = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete);
    expect(deletes.map((d) => d?.Objects?.length)).toEqual([1000, 502]);
    expect(deletes.every((d) => d?.Quiet === true)).toBe(true);
    const deleted = deletes.flatMap((d) => d?.Objects ?? []);
    expect(deleted).toEqual(versions(0, 1502));
  });

  it('fails when S3 refuses to delete a version, so the sweep retries', async () => {
    s3.on(ListMultipartUploadsCommand).resolves({});
    s3.on(ListObjectVersionsCommand).resolves({ Versions: versions(0, 2) });
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'k', Code: 'AccessDenied', Message: 'no' }] });
    await expect(store.destroyDeal('deal_v')).rejects.toThrow(/AccessDenied/);
  });

  describe('completing against ListParts', () => {
    const uploadId = `${MIN_PART_SIZE + 5}:up2`;
    const ref = { dealId: 'deal_p', fileId: 'file_p', uploadId };

    beforeEach(() => {
      s3.on(ListPartsCommand).resolves({
        Parts: [
          { PartNumber: 1, Size: MIN_PART_SIZE, ETag: '"aaa"' },
          { PartNumber: 2, Size: 5, ETag: '"bbb"' },
        ],
      });
      s3.on(CompleteMultipartUploadCommand).resolves({});
    });

    it('completes with the listed parts when they match what was uploaded', async () => {
      await expect(
        store.completeUpload({
          ...ref,
          parts: [
            { partNumber: 1, etag: 'AAA' },
            { partNumber: 2, etag: '"bbb"' },
          ],
        }),
      ).resolves.toEqual({ size: MIN_PART_SIZE + 5 });
      expect(s3.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input).toEqual({
        Bucket: 'data',
        Key: 'deals/deal_p/files/file_p',
        UploadId: 'up2',
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: '"AAA"' },
            { PartNumber: 2, ETag: '"bbb"' },
          ],
        },
      });
    });

    it.each([
      [
        'an ETag that does not match',
        [
          { partNumber: 1, etag: '"zzz"' },
          { partNumber: 2, etag: '"bbb"' },
        ],
      ],
      ['a part that was never uploaded', [...[1, 2, 3].map((n) => ({ partNumber: n, etag: '"aaa"' }))]],
    ])('refuses %s as UPLOAD.INVALID_PARTS and assembles nothing', async (_, parts) => {
      await expect(store.completeUpload({ ...ref, parts })).rejects.toMatchObject({
        code: 'UPLOAD.INVALID_PARTS',
      });
      expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    });

    it('refuses parts that add up to another size as UPLOAD.SIZE_MISMATCH and assembles nothing', async () => {
      await expect(
        store.completeUpload({
          ...ref,
          uploadId: `${MIN_PART_SIZE}:up2`,
          parts: [
            { partNumber: 1, etag: '"aaa"' },
            { partNumber: 2, etag: '"bbb"' },
          ],
        }),
      ).rejects.toMatchObject({ code: 'UPLOAD.SIZE_MISMATCH' });
      expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    });
  });
});
