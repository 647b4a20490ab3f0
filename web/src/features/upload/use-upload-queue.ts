/**
 * The seller's upload queue: files wait with their category and sensitivity until "Upload", then
 * go one file at a time (each file's parts 4 at a time, see upload-engine.ts), reporting progress,
 * speed and time left, and end as done, failed (with the reason) or cancelled.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { FileCategory, FileStatus, Sensitivity } from '../../../../shared/src/index.ts';
import { ApiError } from '../../api/api-error.ts';
import { filesApi } from '../../api/files.api.ts';
import { createRateMeter } from './transfer-rate.ts';
import { uploadFile } from './upload-engine.ts';
import { putWithXhr } from './xhr-put.ts';

export type UploadPhase = 'queued' | 'uploading' | 'completing' | 'done' | 'failed' | 'cancelled';

export interface UploadItem {
  key: string;
  file: File;
  category: FileCategory;
  /** `undefined`: let ingest suggest one from the data. */
  sensitivity: Sensitivity | undefined;
  phase: UploadPhase;
  uploaded: number;
  bytesPerSecond: number;
  secondsLeft: number | undefined;
  /** The file's status once completed (`processing` or `available`). */
  fileStatus?: FileStatus;
  error?: unknown;
}

export interface UploadDefaults {
  category: FileCategory;
  sensitivity: Sensitivity | undefined;
}

let nextKey = 0;

/** The error an empty file is marked with (the API takes files of at least one byte). */
export const EMPTY_FILE = new ApiError({ status: 0, code: 'UPLOAD.EMPTY', message: 'The file is empty.' });

export function useUploadQueue(dealId: string) {
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  // The queue as of the last change, readable from the async upload loop (state is a render behind).
  const latest = useRef<UploadItem[]>([]);
  const change = useCallback((next: (current: UploadItem[]) => UploadItem[]) => {
    latest.current = next(latest.current);
    setItems(latest.current);
  }, []);
  const controllers = useRef(new Map<string, AbortController>());
  const running = useRef(false);

  const update = useCallback(
    (key: string, patch: Partial<UploadItem>) => {
      change((current) => current.map((item) => (item.key === key ? { ...item, ...patch } : item)));
    },
    [change],
  );

  const add = useCallback(
    (files: File[], defaults: UploadDefaults) => {
      const added = files.map<UploadItem>((file) => ({
        key: `upload-${nextKey++}`,
        file,
        ...defaults,
        uploaded: 0,
        bytesPerSecond: 0,
        secondsLeft: undefined,
        // The data room holds no empty files: say so now rather than after a round trip.
        ...(file.size === 0 ? { phase: 'failed' as const, error: EMPTY_FILE } : { phase: 'queued' as const }),
      }));
      change((current) => [...current, ...added]);
    },
    [change],
  );

  const remove = useCallback(
    (key: string) => {
      change((current) => current.filter((item) => item.key !== key));
    },
    [change],
  );

  const cancel = useCallback((key: string) => {
    controllers.current.get(key)?.abort(new DOMException('Upload cancelled', 'AbortError'));
  }, []);

  const clearFinished = useCallback(() => {
    change((current) => current.filter((item) => item.phase !== 'done' && item.phase !== 'cancelled'));
  }, [change]);

  const uploadOne = useCallback(
    async (item: UploadItem) => {
      const controller = new AbortController();
      controllers.current.set(item.key, controller);
      const meter = createRateMeter();
      update(item.key, { phase: 'uploading', uploaded: 0, error: undefined });
      try {
        const created = await filesApi.create(dealId, {
          name: item.file.name,
          size: item.file.size,
          contentType: item.file.type || 'application/octet-stream',
          category: item.category,
          ...(item.sensitivity ? { sensitivity: item.sensitivity } : {}),
        });
        await queryClient.invalidateQueries({ queryKey: ['files', dealId] });
        const { parts, sha256 } = await uploadFile({
          file: item.file,
          partSize: created.upload.partSize,
          parts: created.upload.parts,
          putPart: putWithXhr,
          signal: controller.signal,
          onProgress: (uploaded) => {
            meter.sample(uploaded);
            update(item.key, {
              uploaded,
              bytesPerSecond: meter.bytesPerSecond(),
              secondsLeft: meter.secondsLeft(item.file.size),
            });
          },
        });
        update(item.key, { phase: 'completing', uploaded: item.file.size, secondsLeft: 0 });
        const file = await filesApi.complete(dealId, created.file.id, { parts, sha256 });
        update(item.key, { phase: 'done', fileStatus: file.status });
      } catch (error) {
        const cancelled = controller.signal.aborted;
        update(item.key, cancelled ? { phase: 'cancelled' } : { phase: 'failed', error });
      } finally {
        controllers.current.delete(item.key);
        await queryClient.invalidateQueries({ queryKey: ['files', dealId] });
      }
    },
    [dealId, queryClient, update],
  );

  /** Uploads every queued file, one after another; files added meanwhile join the run. */
  const start = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      for (;;) {
        const next = latest.current.find((item) => item.phase === 'queued');
        if (!next) break;
        await uploadOne(next);
      }
    } finally {
      running.current = false;
    }
  }, [uploadOne]);

  const retry = useCallback(
    (key: string) => {
      update(key, { phase: 'queued', uploaded: 0, error: undefined });
      void start();
    },
    [start, update],
  );

  return { items, add, remove, update, cancel, retry, start, clearFinished };
}
