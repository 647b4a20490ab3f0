/**
 * Structured logs. Fields carry ids and codes only: never tokens, keys, file contents or personal
 * data (e-mail addresses included).
 */
export type LogFields = Record<string, string | number | boolean | undefined>;

/**
 * @example
 * deps.log.info('download granted', { dealId, fileId }); // ids only, no e-mail, no token
 */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields & { error?: string }): void;
}

/** Logs one JSON object per line, as CloudWatch and `jq` both like. */
export const jsonLogger: Logger = {
  info: (message, fields) => console.log(JSON.stringify({ level: 'info', message, ...fields })),
  warn: (message, fields) => console.warn(JSON.stringify({ level: 'warn', message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
};
