/**
 * The e-mails people act on: an invitation says where the data room is, and both it and the
 * sign-in code speak English and Chinese (most of our users' companies are Chinese).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, ORIGIN, startHarness } from '../support/harness.ts';
import { createScenario, type Scenario } from '../support/scenario.ts';

let h: Harness;
let s: Scenario;

beforeAll(async () => {
  h = await startHarness();
  s = await createScenario(h, { name: '星河项目' });
});
afterAll(() => h.close());

/** The newest outbox mail of `kind` sent to `email`. */
async function mailTo(email: string, kind: string): Promise<string> {
  const dir = join(h.dataDir, 'outbox');
  for (const name of (await readdir(dir))
    .filter((n) => n.includes(kind))
    .sort()
    .reverse()) {
    const text = await readFile(join(dir, name), 'utf8');
    if (text.includes(`To: ${email}`)) return text;
  }
  throw new Error(`no ${kind} mail for ${email}`);
}

describe('mail', () => {
  it('invites a member with the address of the deal, in English and Chinese', async () => {
    const text = await mailTo(s.buyerA.email, 'invitation');
    expect(text).toContain(`${ORIGIN}/deals/${s.dealId}`);
    expect(text).toContain('星河项目');
    expect(text).toMatch(/sign in with this e-mail address/);
    expect(text).toMatch(/用本邮箱地址登录/);
    expect(text).toContain('买方');
  });

  it('sends the sign-in code in English and Chinese', async () => {
    const text = await mailTo(s.buyerA.email, 'sign-in-code');
    const code = text.match(/code is (\d{6})/)?.[1];
    expect(code).toBeDefined();
    expect(text).toContain(`您的登录验证码是 ${code}`);
  });
});
