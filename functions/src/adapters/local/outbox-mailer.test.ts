import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxMailer } from './outbox-mailer.ts';
import { ManualClock, makeTempDir, removeDir } from './test-fixtures.ts';

describe('OutboxMailer', () => {
  let dataDir = '';
  afterEach(() => removeDir(dataDir));

  it('writes each mail to the outbox (0600) and prints it with the address masked', async () => {
    dataDir = await makeTempDir();
    const lines: string[] = [];
    const mailer = new OutboxMailer({ dataDir, clock: new ManualClock(), log: (line) => lines.push(line) });
    await mailer.send({
      to: 'ana@buyer.example',
      kind: 'sign-in-code',
      subject: 'Your code',
      text: 'Code: 483920',
    });
    await mailer.send({
      to: 'ana@buyer.example',
      kind: 'sign-in-code',
      subject: 'Your code',
      text: 'Code: 111111',
    });

    const names = (await readdir(join(dataDir, 'outbox'))).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^2026-03-01T10-00-00\.000Z-sign-in-code-[0-9a-f]{8}\.txt$/);
    const texts = await Promise.all(names.map((n) => readFile(join(dataDir, 'outbox', n), 'utf8')));
    expect(texts.find((t) => t.includes('483920'))).toBe(
      'To: ana@buyer.example\nSubject: Your code\n\nCode: 483920\n',
    );
    expect((await stat(join(dataDir, 'outbox', names[0]!))).mode & 0o777).toBe(0o600);
    // The console shows the code and a masked address; only the 0600 file names the recipient.
    expect(lines.join('\n')).not.toContain('ana@buyer.example');
    expect(lines.join('\n')).toContain('To: an***@buyer.example');
    expect(lines.join('\n')).toContain('483920');
  });

  it('keeps header values on one line', async () => {
    dataDir = await makeTempDir();
    const mailer = new OutboxMailer({ dataDir, log: () => undefined });
    await mailer.send({
      to: 'a@b.example',
      kind: 'invitation',
      subject: 'Hi\nBcc: evil@x.example',
      text: 'Welcome',
    });
    const [name] = await readdir(join(dataDir, 'outbox'));
    const text = await readFile(join(dataDir, 'outbox', name!), 'utf8');
    expect(text.split('\n')[1]).toBe('Subject: Hi Bcc: evil@x.example');
  });
});
