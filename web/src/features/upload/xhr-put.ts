/** The browser's PutPart: XMLHttpRequest, because fetch cannot report upload progress. */
import { PartHttpError, type PutPart } from './upload-engine.ts';

export const putWithXhr: PutPart = ({ url, body, onProgress, signal }) =>
  new Promise<string>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    xhr.open('PUT', url);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      signal.removeEventListener('abort', onAbort);
      // The ETag must be readable here: S3 buckets expose it through CORS (ExposeHeaders: ETag).
      const etag = xhr.getResponseHeader('ETag');
      if (xhr.status >= 200 && xhr.status < 300 && etag) resolve(etag);
      else reject(new PartHttpError(xhr.status));
    };
    xhr.onerror = () => {
      signal.removeEventListener('abort', onAbort);
      reject(new PartHttpError(0));
    };
    xhr.onabort = () => reject(signal.reason ?? new DOMException('Upload cancelled', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    xhr.send(body);
  });
