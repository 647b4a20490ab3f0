/**
 * Streams one part through envelope encryption to disk and back. Each part file is a complete ESDK
 * message whose encryption context names its deal, file and part number, so a part file copied
 * to another place (another file, another position) refuses to decrypt there. Memory per stream
 * is about one ESDK frame, whatever the part size.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import type { KeyringNode, MessageHeader } from '@aws-crypto/client-node';
import { ValidationError } from '../../core/errors.ts';
import { COMMIT_SUITE, contextMatches, esdk, FRAME_LENGTH } from './esdk.ts';

export type PartBody = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface EncryptPartInput {
  body: PartBody;
  keyring: KeyringNode;
  context: Record<string, string>;
  /** Created exclusively; removed again if the body fails or is too large. */
  path: string;
  maxBytes: number;
}

/**
 * Encrypts `body` into `path`; returns the plaintext's byte count and MD5 (hex).
 *
 * The body is pumped by hand rather than with `pipeline`: destroying an ESDK encrypt stream midway
 * makes its internal pipeline throw an uncaught "Premature close", which would take the process
 * down whenever a client aborts an upload. On failure the encryptor is therefore ended and drained
 * (never destroyed), and the partial file is removed.
 */
export async function encryptPartToFile(input: EncryptPartInput): Promise<{ size: number; md5: string }> {
  const { body, keyring, context, path, maxBytes } = input;
  const encryptor = esdk.encryptStream(keyring, {
    suiteId: COMMIT_SUITE,
    encryptionContext: context,
    frameLength: FRAME_LENGTH,
  });
  const file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  const failed = new Promise<never>((_, reject) => {
    encryptor.once('error', reject);
    file.once('error', reject);
  });
  failed.catch(() => undefined); // observed through the races below
  encryptor.pipe(file);

  const md5 = createHash('md5');
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.length;
      if (size > maxBytes)
        throw new ValidationError('UPLOAD.TOO_LARGE', `A part may hold at most ${maxBytes} bytes.`);
      md5.update(chunk);
      if (!encryptor.write(chunk)) await Promise.race([once(encryptor, 'drain'), failed]);
    }
    encryptor.end();
    await Promise.race([finished(file), failed]);
  } catch (error) {
    encryptor.unpipe(file);
    file.destroy();
    encryptor.on('error', () => undefined);
    encryptor.resume();
    encryptor.end();
    await rm(path, { force: true });
    throw error;
  }
  return { size, md5: md5.digest('hex') };
}

export interface DecryptPartInput {
  path: string;
  keyring: KeyringNode;
  /** Must be in the message's encryption context, or nothing is yielded. */
  context: Record<string, string>;
  /** The plaintext size recorded at upload; a different size is an integrity failure. */
  size: number;
}

/** Yields the plaintext of one part file, checking its encryption context and size. */
export async function* decryptPartFile(input: DecryptPartInput): AsyncGenerator<Uint8Array> {
  const { path, keyring, context, size } = input;
  const decryptor = esdk.decryptUnsignedMessageStream(keyring);
  // Defensive: the ESDK re-emits internal stream failures on this stream, possibly after
  // `pipeline` has settled (a reader that stops early); such a late error must not be uncaught.
  // `pipeline` still sees every error that happens while it runs.
  decryptor.on('error', () => undefined);
  let header: MessageHeader | undefined;
  decryptor.once('MessageHeader', (parsed: MessageHeader) => {
    header = parsed;
  });
  const output = new PassThrough({ highWaterMark: FRAME_LENGTH });
  const done = pipeline(createReadStream(path, { highWaterMark: FRAME_LENGTH }), decryptor, output);
  // Failures reach the consumer through `output`; this only keeps the rejection from going unhandled.
  done.catch(() => undefined);
  const checkContext = () => {
    if (!contextMatches(header?.encryptionContext, context)) {
      throw new Error(`Part file ${path} does not belong here (encryption context mismatch).`);
    }
  };
  let seen = 0;
  try {
    for await (const chunk of output as AsyncIterable<Buffer>) {
      if (seen === 0) checkContext();
      seen += chunk.length;
      yield chunk;
    }
    await done;
    checkContext();
    if (seen !== size) throw new Error(`Part file ${path} decrypted to ${seen} bytes, expected ${size}.`);
  } finally {
    output.destroy();
  }
}
