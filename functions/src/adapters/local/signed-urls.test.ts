import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ForbiddenError, GoneError } from '../../core/errors.ts';
import { SignedUrls } from './signed-urls.ts';
import { ManualClock } from './test-fixtures.ts';

describe('SignedUrls', () => {
  const clock = new ManualClock();
  const urls = new SignedUrls({ key: randomBytes(32), clock });
  const path = '/blob/download/deal_abc/file_def';
  const params = { name: 'Kunden 2024 (final).csv', type: 'text/csv' };

  function signed(seconds = 300): URL {
    return new URL(`http://localhost${path}?${urls.sign('GET', { path, params }, seconds)}`);
  }

  it('verifies what it signed and returns the signed parameters', () => {
    const url = signed();
    expect(url.searchParams.get('expires')).toBe(String(clock.now().getTime() / 1000 + 300));
    expect(urls.verify('GET', url.pathname, url.searchParams)).toEqual(params);
  });

  it.each([
    ['a changed parameter', (u: URL) => u.searchParams.set('name', 'other.csv')],
    ['an added parameter', (u: URL) => u.searchParams.append('extra', '1')],
    [
      'a moved expiry',
      (u: URL) => u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 1)),
    ],
    [
      'a changed signature',
      (u: URL) => {
        const signature = u.searchParams.get('signature') ?? '';
        u.searchParams.set('signature', `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`);
      },
    ],
    [
      'the same signature spelt differently (spare bits of its last character set)',
      (u: URL) => {
        const signature = u.searchParams.get('signature') ?? '';
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const last = alphabet.indexOf(signature.at(-1) ?? 'A');
        u.searchParams.set('signature', `${signature.slice(0, -1)}${alphabet[last ^ 1]}`);
      },
    ],
    ['a second signature', (u: URL) => u.searchParams.append('signature', '')],
    ['a missing signature', (u: URL) => u.searchParams.delete('signature')],
    ['a truncated signature', (u: URL) => u.searchParams.set('signature', 'abc')],
  ])('rejects %s with URL.INVALID', (_name, tamper) => {
    const url = signed();
    tamper(url);
    expect(() => urls.verify('GET', url.pathname, url.searchParams)).toThrow(ForbiddenError);
    expect(() => urls.verify('GET', url.pathname, url.searchParams)).toThrow(
      expect.objectContaining({ code: 'URL.INVALID' }),
    );
  });

  it('rejects another path or method', () => {
    const url = signed();
    expect(() => urls.verify('GET', '/blob/download/deal_abc/file_xyz', url.searchParams)).toThrow(
      ForbiddenError,
    );
    expect(() => urls.verify('PUT', url.pathname, url.searchParams)).toThrow(ForbiddenError);
  });

  it('rejects a URL signed with another key', () => {
    const other = new SignedUrls({ key: randomBytes(32), clock });
    const url = new URL(`http://localhost${path}?${other.sign('GET', { path, params }, 300)}`);
    expect(() => urls.verify('GET', url.pathname, url.searchParams)).toThrow(ForbiddenError);
  });

  it('answers URL.EXPIRED once the expiry has passed', () => {
    const url = signed(60);
    clock.advance(59);
    expect(() => urls.verify('GET', url.pathname, url.searchParams)).not.toThrow();
    clock.advance(1);
    expect(() => urls.verify('GET', url.pathname, url.searchParams)).toThrow(GoneError);
    expect(() => urls.verify('GET', url.pathname, url.searchParams)).toThrow(
      expect.objectContaining({ code: 'URL.EXPIRED' }),
    );
  });
});
