/**
 * The one place the web app talks HTTP to the API. Cookie auth only (the session token never
 * reaches script: no storage of it anywhere), a client header on every mutation (the API's CSRF
 * defence), and every answer parsed by its schema from `shared/` before anyone uses it.
 */
import type { z } from 'zod';
import { ErrorBodySchema } from '../../../shared/src/index.ts';
import { ApiError } from './api-error.ts';

export const API_BASE = '/api/v1';
/** Sent with every mutating request; the API refuses cookie-authenticated mutations without it. */
export const CLIENT_HEADER = { name: 'X-Dataroom-Client', value: 'web' } as const;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | undefined>;

export interface RequestOptions<S extends z.ZodType> {
  method?: Method;
  /** Path under /api/v1, e.g. `/deals`. */
  path: string;
  query?: Query;
  body?: unknown;
  /** The answer's schema; `null` when the answer has no body worth reading (202, 204). */
  schema: S | null;
  signal?: AbortSignal;
}

/** `/api/v1` + path + query string, for links the browser follows itself (exports, printable pages). */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

export async function request<S extends z.ZodType>(options: RequestOptions<S>): Promise<z.infer<S>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers[CLIENT_HEADER.name] = CLIENT_HEADER.value;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiUrl(options.path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ApiError({
      status: 0,
      code: 'NETWORK.FAILED',
      message: 'The server could not be reached.',
      cause,
    });
  }
  if (!response.ok) throw await errorOf(response);
  if (options.schema === null) return undefined as z.infer<S>;
  const parsed = options.schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError({
      status: response.status,
      code: 'RESPONSE.INVALID',
      message: 'The server answered in a shape this page does not understand.',
      cause: parsed.error,
    });
  }
  return parsed.data;
}

async function errorOf(response: Response): Promise<ApiError> {
  const body = ErrorBodySchema.safeParse(await response.json().catch(() => undefined));
  if (body.success) {
    const { code, message, requestId, issues } = body.data.error;
    return new ApiError({ status: response.status, code, message, requestId, issues });
  }
  return new ApiError({
    status: response.status,
    code: response.status === 401 ? 'AUTH.REQUIRED' : 'INTERNAL',
    message: `HTTP ${response.status}`,
  });
}
