/**
 * Invariant 7: bad input gets a clear 4xx with a machine-readable code, never a 500, never partial
 * state. Every route of DESIGN.md §5 is fed malformed bodies, malformed and unknown ids, bad query
 * strings, oversized bodies and wrong methods, through the real local runtime. Each case checks the
 * answer (status, `error.code`, a human message, the request id) and that nothing was stored, sent
 * or uploaded: the deal's records, the files, the deal list, the audit count, the object store and
 * the outbox are the same before and after.
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type Harness, json, startHarness } from '../support/harness.ts';
import { createScenario, expectStatus, grant, type Scenario, uploadFile } from '../support/scenario.ts';

const DAY = 86_400_000;

/** Well-formed ids that name nothing. */
const UNKNOWN = {
  deal: 'deal_ZZZZZZZZZZZZZZZZZZZZ',
  party: 'pty_ZZZZZZZZZZZZZZZZZZZZ',
  file: 'file_ZZZZZZZZZZZZZZZZZZZZ',
  grant: 'grt_ZZZZZZZZZZZZZZZZZZZZ',
  link: 'lnk_ZZZZZZZZZZZZZZZZZZZZ',
  token: 'Z'.repeat(43),
};

/** `../etc`, percent-encoded so that it stays one path segment instead of being resolved away. */
const TRAVERSAL = '..%2Fetc';
const MIB = 1024 * 1024;
const HUGE = 'x'.repeat(10_000);

interface Ids {
  dealId: string;
  buyerParty: string;
  sellerParty: string;
  buyerEmail: string;
  fileId: string;
  grantId: string;
  linkToken: string;
}

type Who = 'admin' | 'seller' | 'buyer' | 'anonymous';

type Body = { json: unknown } | { raw: string; type?: string };

interface Case {
  name: string;
  method: string;
  path: (ids: Ids) => string;
  status: number;
  code: string;
  /** Default: the admin. */
  as?: Who;
  body?: Body;
  /** Refused access attempts are audited by design (invariant 2): the audit may grow, nothing else. */
  audited?: boolean;
}

const notJson: Body = { raw: '{"name": "Project Lotus", ', type: 'application/json' };
const plainText: Body = { raw: 'name=Project Lotus', type: 'text/plain' };
const array: Body = { json: [] };
const tooLarge: Body = { json: { name: 'x'.repeat(MIB + 1) } };

const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const past = () => new Date(Date.now() - DAY).toISOString();

/** The same bad body shapes for every route that takes JSON. */
function shapeCases(method: string, path: (ids: Ids) => string, as: Who = 'admin'): Case[] {
  const base = { method, path, as };
  return [
    { ...base, name: 'a body that is not JSON', body: notJson, status: 400, code: 'VALIDATION.FAILED' },
    { ...base, name: 'a non-JSON content type', body: plainText, status: 400, code: 'VALIDATION.FAILED' },
    {
      ...base,
      name: 'a JSON array instead of an object',
      body: array,
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    { ...base, name: 'JSON null', body: { json: null }, status: 400, code: 'VALIDATION.FAILED' },
    { ...base, name: 'a JSON string', body: { json: 'hello' }, status: 400, code: 'VALIDATION.FAILED' },
    {
      ...base,
      name: 'an empty body labelled JSON',
      body: { raw: '', type: 'application/json' },
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    { ...base, name: 'a body over 1 MiB', body: tooLarge, status: 413, code: 'REQUEST.TOO_LARGE' },
  ];
}

/** Malformed and unknown-but-well-formed deal ids for a route. */
function dealIdCases(
  method: string,
  path: (dealId: string) => string,
  body?: Body,
  as: Who = 'admin',
): Case[] {
  const base = { method, as, ...(body ? { body } : {}) };
  return [
    {
      ...base,
      name: 'a malformed deal id',
      path: () => path('deal_x'),
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      ...base,
      name: 'a path-traversal deal id',
      path: () => path(TRAVERSAL),
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    { ...base, name: 'an unknown deal', path: () => path(UNKNOWN.deal), status: 404, code: 'DEAL.NOT_FOUND' },
  ];
}

const deals = '/api/v1/deals';
const deal = (ids: Ids) => `${deals}/${ids.dealId}`;
const files = (ids: Ids) => `${deal(ids)}/files`;
const file = (ids: Ids, fileId = ids.fileId) => `${files(ids)}/${fileId}`;
const validDeal = { name: 'Project Orchid', retentionDays: 30 };
const validFile = { name: 'customers.csv', size: 1024, contentType: 'text/csv', category: 'basic_info' };
const validGrant = (ids: Ids) => ({
  partyId: ids.buyerParty,
  fileIds: 'all',
  actions: ['view', 'download'],
  expiresAt: inDays(7),
});
const validLink = (ids: Ids) => ({
  grantId: ids.grantId,
  recipientEmail: ids.buyerEmail,
  expiresAt: inDays(1),
  maxDownloads: 3,
});

const ROUTES: Record<string, Case[]> = {
  'POST /auth/start': [
    ...shapeCases('POST', () => '/api/v1/auth/start', 'anonymous'),
    ...(
      [
        ['no email', {}],
        ['an email of the wrong type', { email: 42 }],
        ['an email that is not an address', { email: 'nobody' }],
        ['a huge email', { email: `${HUGE}@example.test` }],
      ] as const
    ).map(
      ([name, body]): Case => ({
        name,
        method: 'POST',
        path: () => '/api/v1/auth/start',
        as: 'anonymous',
        body: { json: body },
        status: 400,
        code: 'VALIDATION.FAILED',
      }),
    ),
  ],
  'POST /auth/verify': [
    ...shapeCases('POST', () => '/api/v1/auth/verify', 'anonymous'),
    ...(
      [
        ['no code', { email: 'someone@example.test' }],
        ['a code with letters', { email: 'someone@example.test', code: 'abcdef' }],
        ['a code of the wrong type', { email: 'someone@example.test', code: 123456 }],
        ['a huge code', { email: 'someone@example.test', code: '1'.repeat(10_000) }],
        ['a malformed email', { email: 'someone', code: '123456' }],
      ] as const
    ).map(
      ([name, body]): Case => ({
        name,
        method: 'POST',
        path: () => '/api/v1/auth/verify',
        as: 'anonymous',
        body: { json: body },
        status: 400,
        code: 'VALIDATION.FAILED',
      }),
    ),
    {
      name: 'a code for an address that never asked for one',
      method: 'POST',
      path: () => '/api/v1/auth/verify',
      as: 'anonymous',
      body: { json: { email: 'never-asked@example.test', code: '123456' } },
      status: 400,
      code: 'AUTH.INVALID_CODE',
    },
  ],
  'POST /deals': [
    ...shapeCases('POST', () => deals),
    ...(
      [
        ['no fields', {}],
        ['no retentionDays', { name: 'Project Orchid' }],
        ['a name of the wrong type', { ...validDeal, name: 42 }],
        ['a blank name', { ...validDeal, name: '   ' }],
        ['a huge name', { ...validDeal, name: HUGE }],
        ['non-integer retentionDays', { ...validDeal, retentionDays: 1.5 }],
        ['negative retentionDays', { ...validDeal, retentionDays: -1 }],
        ['retentionDays as a string', { ...validDeal, retentionDays: '30' }],
        ['retentionDays over ten years', { ...validDeal, retentionDays: 3651 }],
        [
          'an unknown category in categoryRetentionDays',
          { ...validDeal, categoryRetentionDays: { misc: 10 } },
        ],
        [
          'non-integer days in categoryRetentionDays',
          { ...validDeal, categoryRetentionDays: { basic_info: 2.5 } },
        ],
        ['a huge ndaText', { ...validDeal, ndaText: 'n'.repeat(50_001) }],
      ] as const
    ).map(
      ([name, body]): Case => ({
        name,
        method: 'POST',
        path: () => deals,
        body: { json: body },
        status: 400,
        code: 'VALIDATION.FAILED',
      }),
    ),
    {
      name: 'a non-admin',
      method: 'POST',
      path: () => deals,
      as: 'seller',
      body: { json: validDeal },
      status: 403,
      code: 'AUTH.ADMIN_REQUIRED',
    },
  ],
  'GET /deals': [
    ...(
      [
        ['limit=0', 'limit=0'],
        ['a non-numeric limit', 'limit=abc'],
        ['a fractional limit', 'limit=1.5'],
        ['a cursor that is not base64 JSON', 'cursor=%%%garbage'],
        [
          'a forged cursor',
          `cursor=${Buffer.from(JSON.stringify({ gsi1pk: 'DEALS' })).toString('base64url')}`,
        ],
        [
          'a forged cursor with the right keys',
          `cursor=${Buffer.from(JSON.stringify({ gsi1pk: 'DEALS', gsi1sk: '', pk: 'x', sk: 'y' })).toString('base64url')}`,
        ],
        ['a huge cursor', `cursor=${'a'.repeat(3000)}`],
      ] as const
    ).map(
      ([name, query]): Case => ({
        name,
        method: 'GET',
        path: () => `${deals}?${query}`,
        status: 400,
        code: 'VALIDATION.FAILED',
      }),
    ),
  ],
  'GET /deals/:dealId': dealIdCases('GET', (d) => `${deals}/${d}`),
  'POST /deals/:dealId/parties': [
    ...shapeCases('POST', (ids) => `${deal(ids)}/parties`),
    ...dealIdCases('POST', (d) => `${deals}/${d}/parties`, { json: { name: 'Bidder C', role: 'buyer' } }),
    ...(
      [
        ['an unknown role (owner)', { name: 'Bidder C', role: 'owner' }],
        ['no role', { name: 'Bidder C' }],
        ['no name', { role: 'buyer' }],
        ['an empty name', { name: '', role: 'buyer' }],
        ['a huge name', { name: HUGE, role: 'buyer' }],
        ['a role of the wrong type', { name: 'Bidder C', role: ['buyer'] }],
      ] as const
    ).map(
      ([name, body]): Case => ({
        name,
        method: 'POST',
        path: (ids) => `${deal(ids)}/parties`,
        body: { json: body },
        status: 400,
        code: 'VALIDATION.FAILED',
      }),
    ),
    {
      name: 'a seller (admins only)',
      method: 'POST',
      path: (ids) => `${deal(ids)}/parties`,
      as: 'seller',
      body: { json: { name: 'Bidder C', role: 'buyer' } },
      status: 403,
      code: 'FORBIDDEN',
    },
  ],
  'GET /deals/:dealId/parties': dealIdCases('GET', (d) => `${deals}/${d}/parties`),
  'GET /deals/:dealId/parties/:partyId/members': [
    ...dealIdCases('GET', (d) => `${deals}/${d}/parties/${UNKNOWN.party}/members`),
    {
      name: 'an unknown party',
      method: 'GET',
      as: 'admin',
      path: (ids) => `${deal(ids)}/parties/${UNKNOWN.party}/members`,
      status: 404,
      code: 'PARTY.NOT_FOUND',
    },
  ],
  'POST /deals/:dealId/parties/:partyId/members': [
    ...shapeCases('POST', (ids) => `${deal(ids)}/parties/${ids.buyerParty}/members`),
    ...dealIdCases('POST', (d) => `${deals}/${d}/parties/${UNKNOWN.party}/members`, {
      json: { email: 'new@bidder-a.test' },
    }),
    ...(
      [
        ['no email', {}],
        ['an email that is not an address', { email: 'not-an-email' }],
        ['an email of the wrong type', { email: ['a@b.test'] }],
        ['a huge email', { email: `${HUGE}@bidder-a.test` }],
      ] as const
    ).map(
      ([name, body]): Case => ({
        name,
        method: 'POST',
        path: (ids) => `${deal(ids)}/parties/${ids.buyerParty}/members`,
        body: { json: body },
        status: 400,
        code: 'VALIDATION.FAILED',
      }),
    ),
    {
      name: 'a malformed party id',
      method: 'POST',
      path: (ids) => `${deal(ids)}/parties/pty_x/members`,
      body: { json: { email: 'new@bidder-a.test' } },
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'an unknown party',
      method: 'POST',
      path: (ids) => `${deal(ids)}/parties/${UNKNOWN.party}/members`,
      body: { json: { email: 'new@bidder-a.test' } },
      status: 404,
      code: 'PARTY.NOT_FOUND',
    },
    {
      name: 'an address that is already a member',
      method: 'POST',
      path: (ids) => `${deal(ids)}/parties/${ids.buyerParty}/members`,
      body: { json: { email: 'DATA@Bidder-A.test' } },
      status: 409,
      code: 'MEMBER.EXISTS',
    },
  ],
  'DELETE /deals/:dealId/parties/:partyId/members/:email': [
    ...dealIdCases('DELETE', (d) => `${deals}/${d}/parties/${UNKNOWN.party}/members/x@y.test`),
    {
      name: 'a malformed email',
      method: 'DELETE',
      path: (ids) => `${deal(ids)}/parties/${ids.buyerParty}/members/not-an-email`,
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'a malformed party id',
      method: 'DELETE',
      path: (ids) => `${deal(ids)}/parties/${TRAVERSAL}/members/${ids.buyerEmail}`,
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'an address that is not a member',
      method: 'DELETE',
      path: (ids) => `${deal(ids)}/parties/${ids.buyerParty}/members/stranger@example.test`,
      status: 404,
      code: 'MEMBER.NOT_FOUND',
    },
    {
      name: 'a member named under another party',
      method: 'DELETE',
      path: (ids) => `${deal(ids)}/parties/${ids.sellerParty}/members/${ids.buyerEmail}`,
      status: 404,
      code: 'MEMBER.NOT_FOUND',
    },
  ],
  'POST /deals/:dealId/parties/:partyId/nda/accept': [
    ...dealIdCases('POST', (d) => `${deals}/${d}/parties/${UNKNOWN.party}/nda/accept`, undefined, 'buyer'),
    {
      name: 'a malformed party id',
      method: 'POST',
      path: (ids) => `${deal(ids)}/parties/pty_x/nda/accept`,
      as: 'buyer',
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'an unknown party',
      method: 'POST',
      path: (ids) => `${deal(ids)}/parties/${UNKNOWN.party}/nda/accept`,
      as: 'buyer',
      status: 404,
      code: 'PARTY.NOT_FOUND',
    },
    {
      name: 'a deal without an NDA',
      method: 'POST',
      path: (ids) => `${deal(ids)}/parties/${ids.buyerParty}/nda/accept`,
      as: 'buyer',
      status: 409,
      code: 'NDA.NOT_REQUIRED',
    },
  ],
  'POST /deals/:dealId/files': [
    ...shapeCases('POST', files, 'seller'),
    ...dealIdCases('POST', (d) => `${deals}/${d}/files`, { json: validFile }, 'seller'),
    ...(
      [
        ['no fields', {}],
        ['no category', { ...validFile, category: undefined }],
        ['an unknown category (misc)', { ...validFile, category: 'misc' }],
        ['an unknown sensitivity', { ...validFile, sensitivity: 'secret' }],
        ['a negative size', { ...validFile, size: -1 }],
        ['a zero size', { ...validFile, size: 0 }],
        ['a fractional size', { ...validFile, size: 1.5 }],
        ['a size as a string', { ...validFile, size: '1024' }],
        ['a size over 5 TiB', { ...validFile, size: 5 * 1024 ** 4 + 1 }],
        ['a name with a slash', { ...validFile, name: '../etc/passwd' }],
        ['a name with a control character', { ...validFile, name: 'a\u0000b.csv' }],
        ['an empty name', { ...validFile, name: '' }],
        ['a huge name', { ...validFile, name: HUGE }],
        ['a content type that is not a media type', { ...validFile, contentType: 'csv' }],
        [
          'a content type that smuggles a header (CR LF)',
          { ...validFile, contentType: 'text/csv\r\n;X-Injected: yes' },
        ],
        [
          'a content type with a tab in its parameters',
          { ...validFile, contentType: 'text/csv;\tcharset=utf-8' },
        ],
        ['a content type with a non-ASCII parameter', { ...validFile, contentType: 'text/csv; a="é"' }],
        ['an expiresAt that is not a date', { ...validFile, expiresAt: 'next tuesday' }],
        ['an expiresAt in the past', { ...validFile, expiresAt: past() }],
      ] as const
    ).map(
      ([name, body]): Case => ({
        name,
        method: 'POST',
        path: files,
        as: 'seller',
        body: { json: body },
        status: 400,
        code: 'VALIDATION.FAILED',
      }),
    ),
    {
      name: 'a buyer',
      method: 'POST',
      path: files,
      as: 'buyer',
      body: { json: validFile },
      status: 403,
      code: 'FORBIDDEN',
    },
  ],
  'POST /deals/:dealId/files/:fileId/complete': [
    ...shapeCases('POST', (ids) => `${file(ids)}/complete`, 'seller'),
    ...dealIdCases(
      'POST',
      (d) => `${deals}/${d}/files/${UNKNOWN.file}/complete`,
      { json: { parts: [{ partNumber: 1, etag: '"x"' }], sha256: 'a'.repeat(64) } },
      'seller',
    ),
    ...(
      [
        ['no parts', { sha256: 'a'.repeat(64) }],
        ['an empty part list', { parts: [], sha256: 'a'.repeat(64) }],
        ['part number 0', { parts: [{ partNumber: 0, etag: '"x"' }], sha256: 'a'.repeat(64) }],
        ['a fractional part number', { parts: [{ partNumber: 1.5, etag: '"x"' }], sha256: 'a'.repeat(64) }],
        ['an empty ETag', { parts: [{ partNumber: 1, etag: '' }], sha256: 'a'.repeat(64) }],
        ['no sha256', { parts: [{ partNumber: 1, etag: '"x"' }] }],
        ['an uppercase sha256', { parts: [{ partNumber: 1, etag: '"x"' }], sha256: 'A'.repeat(64) }],
        ['a 63-digit sha256', { parts: [{ partNumber: 1, etag: '"x"' }], sha256: 'a'.repeat(63) }],
        ['a non-hex sha256', { parts: [{ partNumber: 1, etag: '"x"' }], sha256: 'g'.repeat(64) }],
      ] as const
    ).map(
      ([name, body]): Case => ({
        name,
        method: 'POST',
        path: (ids) => `${file(ids)}/complete`,
        as: 'seller',
        body: { json: body },
        status: 400,
        code: 'VALIDATION.FAILED',
      }),
    ),
    {
      name: 'a malformed file id',
      method: 'POST',
      path: (ids) => `${file(ids, 'file_x')}/complete`,
      as: 'seller',
      body: { json: { parts: [{ partNumber: 1, etag: '"x"' }], sha256: 'a'.repeat(64) } },
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'an unknown file',
      method: 'POST',
      path: (ids) => `${file(ids, UNKNOWN.file)}/complete`,
      as: 'seller',
      body: { json: { parts: [{ partNumber: 1, etag: '"x"' }], sha256: 'a'.repeat(64) } },
      status: 404,
      code: 'FILE.NOT_FOUND',
    },
    {
      name: 'a file whose upload is already complete',
      method: 'POST',
      path: (ids) => `${file(ids)}/complete`,
      as: 'seller',
      body: { json: { parts: [{ partNumber: 1, etag: '"x"' }], sha256: 'a'.repeat(64) } },
      status: 409,
      code: 'UPLOAD.NOT_IN_PROGRESS',
    },
  ],
  'GET /deals/:dealId/files': dealIdCases('GET', (d) => `${deals}/${d}/files`, undefined, 'seller'),
  'GET /deals/:dealId/files/:fileId': [
    ...dealIdCases('GET', (d) => `${deals}/${d}/files/${UNKNOWN.file}`, undefined, 'seller'),
    {
      name: 'a malformed file id',
      method: 'GET',
      path: (ids) => file(ids, 'file_x'),
      as: 'seller',
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'a path-traversal file id',
      method: 'GET',
      path: (ids) => file(ids, TRAVERSAL),
      as: 'seller',
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'an unknown file',
      method: 'GET',
      path: (ids) => file(ids, UNKNOWN.file),
      as: 'seller',
      status: 404,
      code: 'FILE.NOT_FOUND',
    },
  ],
  'DELETE /deals/:dealId/files/:fileId': [
    ...dealIdCases('DELETE', (d) => `${deals}/${d}/files/${UNKNOWN.file}`, undefined, 'seller'),
    {
      name: 'a malformed file id',
      method: 'DELETE',
      path: (ids) => file(ids, TRAVERSAL),
      as: 'seller',
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'an unknown file',
      method: 'DELETE',
      path: (ids) => file(ids, UNKNOWN.file),
      as: 'seller',
      status: 404,
      code: 'FILE.NOT_FOUND',
    },
    {
      name: 'a buyer',
      method: 'DELETE',
      path: (ids) => file(ids),
      as: 'buyer',
      status: 403,
      code: 'FORBIDDEN',
    },
  ],
  'POST /deals/:dealId/files/:fileId/download': [
    ...dealIdCases('POST', (d) => `${deals}/${d}/files/${UNKNOWN.file}/download`, undefined, 'buyer').map(
      (c): Case => ({ ...c, audited: true }),
    ),
    {
      name: 'a malformed file id',
      method: 'POST',
      path: (ids) => `${file(ids, 'file_x')}/download`,
      as: 'buyer',
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'an unknown file',
      method: 'POST',
      path: (ids) => `${file(ids, UNKNOWN.file)}/download`,
      as: 'buyer',
      status: 404,
      code: 'FILE.NOT_FOUND',
      audited: true,
    },
  ],
  'POST /deals/:dealId/grants': [
    ...shapeCases('POST', (ids) => `${deal(ids)}/grants`, 'seller'),
    ...dealIdCases(
      'POST',
      (d) => `${deals}/${d}/grants`,
      { json: { partyId: UNKNOWN.party, fileIds: 'all', actions: ['view'], expiresAt: inDays(7) } },
      'seller',
    ),
    ...(
      [
        ['no fields', () => ({})],
        ['a malformed partyId', (ids: Ids) => ({ ...validGrant(ids), partyId: 'pty_x' })],
        ['an unknown action', (ids: Ids) => ({ ...validGrant(ids), actions: ['delete'] })],
        ['no actions', (ids: Ids) => ({ ...validGrant(ids), actions: [] })],
        ['a repeated action', (ids: Ids) => ({ ...validGrant(ids), actions: ['view', 'view'] })],
        [
          'fileIds that are neither "all" nor a list',
          (ids: Ids) => ({ ...validGrant(ids), fileIds: 'some' }),
        ],
        ['an empty fileIds list', (ids: Ids) => ({ ...validGrant(ids), fileIds: [] })],
        ['a malformed file id', (ids: Ids) => ({ ...validGrant(ids), fileIds: ['../etc'] })],
        ['an expiresAt that is not a date', (ids: Ids) => ({ ...validGrant(ids), expiresAt: 'next week' })],
        ['an expiresAt in the past', (ids: Ids) => ({ ...validGrant(ids), expiresAt: past() })],
        ['maxDownloads 0', (ids: Ids) => ({ ...validGrant(ids), maxDownloads: 0 })],
        ['fractional maxDownloads', (ids: Ids) => ({ ...validGrant(ids), maxDownloads: 2.5 })],
      ] as const
    ).map(
      ([name, body]): Case => ({
        name,
        method: 'POST',
        path: (ids) => `${deal(ids)}/grants`,
        as: 'seller',
        body: { json: body },
        status: 400,
        code: 'VALIDATION.FAILED',
      }),
    ),
    {
      name: 'an unknown party',
      method: 'POST',
      path: (ids) => `${deal(ids)}/grants`,
      as: 'seller',
      body: { json: (ids: Ids) => ({ ...validGrant(ids), partyId: UNKNOWN.party }) },
      status: 404,
      code: 'PARTY.NOT_FOUND',
    },
    {
      name: 'the seller party',
      method: 'POST',
      path: (ids) => `${deal(ids)}/grants`,
      as: 'seller',
      body: { json: (ids: Ids) => ({ ...validGrant(ids), partyId: ids.sellerParty }) },
      status: 400,
      code: 'PARTY.INVALID_ROLE',
    },
    {
      name: 'an unknown file',
      method: 'POST',
      path: (ids) => `${deal(ids)}/grants`,
      as: 'seller',
      body: { json: (ids: Ids) => ({ ...validGrant(ids), fileIds: [ids.fileId, UNKNOWN.file] }) },
      status: 404,
      code: 'FILE.NOT_FOUND',
    },
    {
      name: 'a buyer',
      method: 'POST',
      path: (ids) => `${deal(ids)}/grants`,
      as: 'buyer',
      body: { json: validGrant },
      status: 403,
      code: 'FORBIDDEN',
    },
  ],
  'GET /deals/:dealId/grants': dealIdCases('GET', (d) => `${deals}/${d}/grants`, undefined, 'seller'),
  'DELETE /deals/:dealId/grants/:grantId': [
    ...dealIdCases('DELETE', (d) => `${deals}/${d}/grants/${UNKNOWN.grant}`, undefined, 'seller'),
    {
      name: 'a malformed grant id',
      method: 'DELETE',
      path: (ids) => `${deal(ids)}/grants/grt_x`,
      as: 'seller',
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'an unknown grant',
      method: 'DELETE',
      path: (ids) => `${deal(ids)}/grants/${UNKNOWN.grant}`,
      as: 'seller',
      status: 404,
      code: 'GRANT.NOT_FOUND',
    },
    {
      name: 'a buyer',
      method: 'DELETE',
      path: (ids) => `${deal(ids)}/grants/${ids.grantId}`,
      as: 'buyer',
      status: 403,
      code: 'FORBIDDEN',
    },
  ],
  'POST /deals/:dealId/links': [
    ...shapeCases('POST', (ids) => `${deal(ids)}/links`, 'seller'),
    ...dealIdCases(
      'POST',
      (d) => `${deals}/${d}/links`,
      {
        json: { grantId: UNKNOWN.grant, recipientEmail: 'a@b.test', expiresAt: inDays(1), maxDownloads: 1 },
      },
      'seller',
    ),
    ...(
      [
        ['no fields', () => ({})],
        ['a malformed grantId', (ids: Ids) => ({ ...validLink(ids), grantId: 'grt_x' })],
        ['a recipient that is not an address', (ids: Ids) => ({ ...validLink(ids), recipientEmail: 'bob' })],
        ['no maxDownloads', (ids: Ids) => ({ ...validLink(ids), maxDownloads: undefined })],
        ['negative maxDownloads', (ids: Ids) => ({ ...validLink(ids), maxDownloads: -1 })],
        ['an expiresAt that is not a date', (ids: Ids) => ({ ...validLink(ids), expiresAt: '2026-13-45' })],
        ['an expiresAt in the past', (ids: Ids) => ({ ...validLink(ids), expiresAt: past() })],
        ['an expiresAt after the grant ends', (ids: Ids) => ({ ...validLink(ids), expiresAt: inDays(30) })],
        [
          'a recipient outside the grant party',
          (ids: Ids) => ({ ...validLink(ids), recipientEmail: 'it@seller.test' }),
        ],
      ] as const
    ).map(
      ([name, body]): Case => ({
        name,
        method: 'POST',
        path: (ids) => `${deal(ids)}/links`,
        as: 'seller',
        body: { json: body },
        status: 400,
        code: 'VALIDATION.FAILED',
      }),
    ),
    {
      name: 'an unknown grant',
      method: 'POST',
      path: (ids) => `${deal(ids)}/links`,
      as: 'seller',
      body: { json: (ids: Ids) => ({ ...validLink(ids), grantId: UNKNOWN.grant }) },
      status: 404,
      code: 'GRANT.NOT_FOUND',
    },
  ],
  'DELETE /deals/:dealId/links/:linkId': [
    ...dealIdCases('DELETE', (d) => `${deals}/${d}/links/${UNKNOWN.link}`, undefined, 'seller'),
    {
      name: 'a malformed link id',
      method: 'DELETE',
      path: (ids) => `${deal(ids)}/links/lnk_x`,
      as: 'seller',
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'an unknown link',
      method: 'DELETE',
      path: (ids) => `${deal(ids)}/links/${UNKNOWN.link}`,
      as: 'seller',
      status: 404,
      code: 'LINK.NOT_FOUND',
    },
  ],
  'GET /links/:token': [
    {
      name: 'a malformed token',
      method: 'GET',
      path: () => '/api/v1/links/abc',
      as: 'buyer',
      status: 404,
      code: 'LINK.NOT_FOUND',
    },
    {
      name: 'a path-traversal token',
      method: 'GET',
      path: () => `/api/v1/links/${TRAVERSAL}`,
      as: 'buyer',
      status: 404,
      code: 'LINK.NOT_FOUND',
    },
    {
      name: 'an unknown token',
      method: 'GET',
      path: () => `/api/v1/links/${UNKNOWN.token}`,
      as: 'buyer',
      status: 404,
      code: 'LINK.NOT_FOUND',
    },
  ],
  'GET /links/:token/files/:fileId': [
    {
      name: 'a malformed file id',
      method: 'GET',
      path: (ids) => `/api/v1/links/${ids.linkToken}/files/file_x`,
      as: 'buyer',
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'an unknown token',
      method: 'GET',
      path: (ids) => `/api/v1/links/${UNKNOWN.token}/files/${ids.fileId}`,
      as: 'buyer',
      status: 404,
      code: 'LINK.NOT_FOUND',
    },
    {
      name: 'a malformed token',
      method: 'GET',
      path: (ids) => `/api/v1/links/${TRAVERSAL}/files/${ids.fileId}`,
      as: 'buyer',
      status: 404,
      code: 'LINK.NOT_FOUND',
    },
    {
      name: 'a file the link does not offer',
      method: 'GET',
      path: (ids) => `/api/v1/links/${ids.linkToken}/files/${UNKNOWN.file}`,
      as: 'buyer',
      status: 404,
      code: 'FILE.NOT_FOUND',
      audited: true,
    },
  ],
  'GET /deals/:dealId/audit': [
    ...dealIdCases('GET', (d) => `${deals}/${d}/audit`),
    ...(
      [
        ['limit=0', () => 'limit=0'],
        ['limit over 500', () => 'limit=501'],
        ['a non-numeric limit', () => 'limit=ten'],
        ['a repeated filter', () => 'type=a.b&type=c.d'],
        ['a huge filter', () => `type=${'a'.repeat(200)}`],
        ['a cursor that is not base64 JSON', () => 'cursor=not-a-cursor'],
        [
          'a cursor from another deal',
          () =>
            `cursor=${Buffer.from(JSON.stringify({ pk: `AUDIT#${UNKNOWN.deal}`, sk: 'EV#' })).toString('base64url')}`,
        ],
        [
          'a forged cursor outside the log',
          (ids: Ids) =>
            `cursor=${Buffer.from(JSON.stringify({ pk: `AUDIT#${ids.dealId}`, sk: 'A#DEAL' })).toString('base64url')}`,
        ],
        [
          'a forged cursor without a sort key',
          (ids: Ids) =>
            `cursor=${Buffer.from(JSON.stringify({ pk: `AUDIT#${ids.dealId}` })).toString('base64url')}`,
        ],
      ] as const
    ).map(
      ([name, query]): Case => ({
        name,
        method: 'GET',
        path: (ids) => `${deal(ids)}/audit?${query(ids)}`,
        status: 400,
        code: 'VALIDATION.FAILED',
      }),
    ),
    {
      name: 'a buyer',
      method: 'GET',
      path: (ids) => `${deal(ids)}/audit`,
      as: 'buyer',
      status: 403,
      code: 'FORBIDDEN',
    },
  ],
  'GET /deals/:dealId/audit/export': [
    ...dealIdCases('GET', (d) => `${deals}/${d}/audit/export`),
    {
      name: 'an unknown format',
      method: 'GET',
      path: (ids) => `${deal(ids)}/audit/export?format=xml`,
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'a buyer',
      method: 'GET',
      path: (ids) => `${deal(ids)}/audit/export?format=csv`,
      as: 'buyer',
      status: 403,
      code: 'FORBIDDEN',
    },
  ],
  'GET /deals/:dealId/audit/verify': dealIdCases('GET', (d) => `${deals}/${d}/audit/verify`),
  'POST /deals/:dealId/close': [
    ...shapeCases('POST', (ids) => `${deal(ids)}/close`),
    ...dealIdCases('POST', (d) => `${deals}/${d}/close`, { json: {} }),
    ...(
      [
        ['transferWindowDays without transferPartyId', () => ({ transferWindowDays: 5 })],
        ['transferPartyId without transferWindowDays', (ids: Ids) => ({ transferPartyId: ids.buyerParty })],
        [
          'a zero transfer window',
          (ids: Ids) => ({ transferWindowDays: 0, transferPartyId: ids.buyerParty }),
        ],
        [
          'a fractional transfer window',
          (ids: Ids) => ({ transferWindowDays: 1.5, transferPartyId: ids.buyerParty }),
        ],
        [
          'a transfer window as a string',
          (ids: Ids) => ({ transferWindowDays: '5', transferPartyId: ids.buyerParty }),
        ],
        ['a malformed transferPartyId', () => ({ transferWindowDays: 5, transferPartyId: '../etc' })],
        [
          'a transfer window longer than retention',
          (ids: Ids) => ({ transferWindowDays: 31, transferPartyId: ids.buyerParty }),
        ],
      ] as const
    ).map(
      ([name, body]): Case => ({
        name,
        method: 'POST',
        path: (ids) => `${deal(ids)}/close`,
        body: { json: body },
        status: 400,
        code: 'VALIDATION.FAILED',
      }),
    ),
    {
      name: 'an unknown transfer party',
      method: 'POST',
      path: (ids) => `${deal(ids)}/close`,
      body: { json: { transferWindowDays: 5, transferPartyId: UNKNOWN.party } },
      status: 404,
      code: 'PARTY.NOT_FOUND',
    },
    {
      name: 'the seller as transfer party',
      method: 'POST',
      path: (ids) => `${deal(ids)}/close`,
      body: { json: (ids: Ids) => ({ transferWindowDays: 5, transferPartyId: ids.sellerParty }) },
      status: 400,
      code: 'VALIDATION.FAILED',
    },
    {
      name: 'a seller (admins only)',
      method: 'POST',
      path: (ids) => `${deal(ids)}/close`,
      as: 'seller',
      body: { json: {} },
      status: 403,
      code: 'FORBIDDEN',
    },
  ],
  'POST /deals/:dealId/legal-hold': [
    ...shapeCases('POST', (ids) => `${deal(ids)}/legal-hold`),
    ...dealIdCases('POST', (d) => `${deals}/${d}/legal-hold`, { json: { on: true, reason: 'Litigation' } }),
    ...(
      [
        ['no fields', {}],
        ['no reason', { on: true }],
        ['a blank reason', { on: true, reason: '  ' }],
        ['a huge reason', { on: true, reason: HUGE }],
        ['on as a string', { on: 'yes', reason: 'Litigation' }],
      ] as const
    ).map(
      ([name, body]): Case => ({
        name,
        method: 'POST',
        path: (ids) => `${deal(ids)}/legal-hold`,
        body: { json: body },
        status: 400,
        code: 'VALIDATION.FAILED',
      }),
    ),
  ],
  'POST /deals/:dealId/destroy': [
    ...dealIdCases('POST', (d) => `${deals}/${d}/destroy`),
    {
      name: 'an open deal',
      method: 'POST',
      path: (ids) => `${deal(ids)}/destroy`,
      status: 409,
      code: 'DEAL.NOT_CLOSED',
    },
    {
      name: 'a body over 1 MiB',
      method: 'POST',
      path: (ids) => `${deal(ids)}/destroy`,
      body: tooLarge,
      status: 413,
      code: 'REQUEST.TOO_LARGE',
    },
  ],
  'GET /deals/:dealId/certificate': [
    ...dealIdCases('GET', (d) => `${deals}/${d}/certificate`),
    {
      name: 'a deal not yet destroyed',
      method: 'GET',
      path: (ids) => `${deal(ids)}/certificate`,
      status: 404,
      code: 'CERTIFICATE.NOT_READY',
    },
    {
      name: 'an unknown format',
      method: 'GET',
      path: (ids) => `${deal(ids)}/certificate?format=pdf`,
      status: 400,
      code: 'VALIDATION.FAILED',
    },
  ],
  'unknown routes and wrong methods': (
    [
      ['GET', '/api/v1/nope'],
      ['GET', '/api/v2/deals'],
      ['PUT', '/api/v1/deals'],
      ['PATCH', '/api/v1/deals/:dealId'],
      ['DELETE', '/api/v1/deals/:dealId'],
      ['GET', '/api/v1/auth/start'],
      ['POST', '/api/v1/me'],
      ['GET', '/api/v1/deals/:dealId/files/:fileId/complete'],
      ['PUT', '/api/v1/deals/:dealId/grants'],
      ['GET', '/api/v1/deals/:dealId/files/:fileId/../../../../etc/passwd'],
      ['GET', '/api/v1/deals/../../../etc/passwd'],
    ] as const
  ).map(
    ([method, template]): Case => ({
      name: `${method} ${template}`,
      method,
      path: (ids) => template.replace(':dealId', ids.dealId).replace(':fileId', ids.fileId),
      status: 404,
      code: 'NOT_FOUND',
    }),
  ),
};

const CASES = Object.entries(ROUTES).flatMap(([route, cases]) =>
  cases.map((c) => ({ ...c, title: `${route}: ${c.name} → ${c.status} ${c.code}` })),
);

/** Everything a bad request could have left behind. */
interface Snapshot {
  access: unknown;
  unknownDeal: unknown;
  files: unknown;
  deals: string[];
  auditEvents: number;
  objects: string[];
  outbox: string[];
}

async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((name) => !name.includes('.tmp'))
    .sort();
}

describe('bad input (invariant 7)', () => {
  let h: Harness;
  let s: Scenario;
  let ids: Ids;
  const tokens = {} as Record<Who, string | undefined>;

  const snapshot = async (): Promise<Snapshot> => {
    const { deps } = h.runtime;
    const [access, unknownDeal, files, deals, auditEvents, objects, outbox] = await Promise.all([
      deps.deals.loadAccess(ids.dealId),
      deps.deals.loadAccess(UNKNOWN.deal),
      deps.files.list(ids.dealId),
      deps.deals.listAll({ limit: 200 }),
      deps.audit.countEvents(ids.dealId),
      listTree(join(h.dataDir, 'objects')),
      listTree(join(h.dataDir, 'outbox')),
    ]);
    const dealIds = deals.items.map((d) => d.id).sort();
    return { access, unknownDeal, files, deals: dealIds, auditEvents, objects, outbox };
  };
  /** The state after the previous case, which is the state before the next one (cases run in order). */
  let last: Snapshot | undefined;

  const send = (c: Case) => {
    const token = tokens[c.as ?? 'admin'];
    const body = c.body;
    if (!body) return h.request(c.path(ids), { method: c.method, ...(token ? { token } : {}) });
    if ('raw' in body) {
      return h.request(c.path(ids), {
        method: c.method,
        ...(token ? { token } : {}),
        headers: body.type ? { 'content-type': body.type } : {},
        body: body.raw,
      });
    }
    const value = typeof body.json === 'function' ? (body.json as (ids: Ids) => unknown)(ids) : body.json;
    return h.request(c.path(ids), {
      method: c.method,
      ...(token ? { token } : {}),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(value),
    });
  };

  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
    const uploaded = await uploadFile(h, s, { size: 2048 });
    const granted = await grant(h, s, s.buyerA.id, { expiresInMs: 7 * DAY + 3_600_000 });
    const created = await json<{ url: string }>(
      await expectStatus(
        await h.request(`/api/v1/deals/${s.dealId}/links`, {
          method: 'POST',
          token: s.seller.token,
          json: {
            grantId: granted.id,
            recipientEmail: s.buyerA.email,
            expiresAt: inDays(1),
            maxDownloads: 3,
          },
        }),
        201,
      ),
    );
    ids = {
      dealId: s.dealId,
      buyerParty: s.buyerA.id,
      sellerParty: s.seller.id,
      buyerEmail: s.buyerA.email,
      fileId: uploaded.fileId,
      grantId: granted.id,
      linkToken: new URL(created.url).pathname.split('/').pop() ?? '',
    };
    Object.assign(tokens, { admin: s.admin, seller: s.seller.token, buyer: s.buyerA.token });
  });
  afterAll(() => h.close());

  it.each(CASES)('$title', async (c) => {
    const before = last ?? (await snapshot());
    last = undefined;
    const response = await send(c);
    const text = await response.text();

    expect(response.status, text).toBe(c.status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const { error } = JSON.parse(text) as { error: { code: string; message: string; requestId?: string } };
    expect(error.code).toBe(c.code);
    // A sentence for a person: words, not the code again, and never the offending value.
    expect(error.message).toMatch(/^[A-Za-z][^\n]*\s\S/);
    expect(error.message).not.toBe(error.code);
    expect(error.message.length).toBeLessThan(400);
    expect(error.requestId).toMatch(/\S{8,}/);
    expect(response.headers.get('x-request-id')).toBe(error.requestId);

    const after = await snapshot();
    if (c.audited) {
      expect({ ...after, auditEvents: 0 }).toEqual({ ...before, auditEvents: 0 });
    } else {
      expect(after).toEqual(before);
    }
    last = after;
  });

  it('covers every route of the API', () => {
    const routes = new Set(Object.keys(ROUTES));
    for (const route of [
      'POST /auth/start',
      'POST /auth/verify',
      'POST /deals',
      'GET /deals',
      'GET /deals/:dealId',
      'POST /deals/:dealId/parties',
      'GET /deals/:dealId/parties',
      'GET /deals/:dealId/parties/:partyId/members',
      'POST /deals/:dealId/parties/:partyId/members',
      'DELETE /deals/:dealId/parties/:partyId/members/:email',
      'POST /deals/:dealId/parties/:partyId/nda/accept',
      'POST /deals/:dealId/files',
      'POST /deals/:dealId/files/:fileId/complete',
      'GET /deals/:dealId/files',
      'GET /deals/:dealId/files/:fileId',
      'DELETE /deals/:dealId/files/:fileId',
      'POST /deals/:dealId/files/:fileId/download',
      'POST /deals/:dealId/grants',
      'GET /deals/:dealId/grants',
      'DELETE /deals/:dealId/grants/:grantId',
      'POST /deals/:dealId/links',
      'DELETE /deals/:dealId/links/:linkId',
      'GET /links/:token',
      'GET /links/:token/files/:fileId',
      'GET /deals/:dealId/audit',
      'GET /deals/:dealId/audit/export',
      'GET /deals/:dealId/audit/verify',
      'POST /deals/:dealId/close',
      'POST /deals/:dealId/legal-hold',
      'POST /deals/:dealId/destroy',
      'GET /deals/:dealId/certificate',
    ]) {
      expect(routes.has(route), route).toBe(true);
    }
  });

  it('leaves the deal open and usable after every bad request', async () => {
    const view = await json<{ status: string }>(
      await expectStatus(await h.request(`/api/v1/deals/${ids.dealId}`, { token: s.admin }), 200),
    );
    expect(view.status).toBe('open');
    const me = await json<{ user: { email: string; isAdmin: boolean } }>(
      await expectStatus(await h.request('/api/v1/me', { token: s.admin }), 200),
    );
    expect(me.user).toEqual({ email: ADMIN, isAdmin: true });
  });
});

describe('bad input › odd JSON never reaches a 500', () => {
  let h: Harness;
  let s: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    s = await createScenario(h);
  });
  afterAll(() => h.close());

  const ODD_BODIES: [string, string][] = [
    ['true', 'true'],
    ['a number', '0'],
    ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    [
      'a __proto__ key',
      '{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}, "transferWindowDays": "x"}',
    ],
    ['a huge array', JSON.stringify(Array.from({ length: 20_000 }, (_, i) => i))],
    ['a byte order mark', '\ufeff{"transferWindowDays": "x"}'],
    [
      'numbers out of range',
      '{"size": 1e400, "retentionDays": 1e400, "transferWindowDays": 1e400, "maxDownloads": -0}',
    ],
  ];
  const WRITE_ROUTES: [string, (s: Scenario) => string][] = [
    ['auth/start', () => '/api/v1/auth/start'],
    ['auth/verify', () => '/api/v1/auth/verify'],
    ['deals', () => '/api/v1/deals'],
    ['parties', (s) => `/api/v1/deals/${s.dealId}/parties`],
    ['members', (s) => `/api/v1/deals/${s.dealId}/parties/${s.buyerA.id}/members`],
    ['files', (s) => `/api/v1/deals/${s.dealId}/files`],
    ['grants', (s) => `/api/v1/deals/${s.dealId}/grants`],
    ['links', (s) => `/api/v1/deals/${s.dealId}/links`],
    ['close', (s) => `/api/v1/deals/${s.dealId}/close`],
    ['legal-hold', (s) => `/api/v1/deals/${s.dealId}/legal-hold`],
  ];

  it.each(WRITE_ROUTES)('POST %s answers every odd body with a 4xx error', async (_name, path) => {
    const eventsBefore = await h.runtime.deps.audit.countEvents(s.dealId);
    for (const [label, body] of ODD_BODIES) {
      const response = await h.request(path(s), {
        method: 'POST',
        token: s.admin,
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      expect(response.status, `${label}: ${text}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${label}: ${text}`).toBeLessThan(500);
      expect((JSON.parse(text) as { error: { code: string } }).error.code, label).toMatch(/^[A-Z_.]+$/);
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(await h.runtime.deps.audit.countEvents(s.dealId)).toBe(eventsBefore);
    const view = await json<{ status: string }>(
      await h.request(`/api/v1/deals/${s.dealId}`, { token: s.admin }),
    );
    expect(view.status).toBe('open');
  });
});
