/**
 * E-mail for the local runtime, where there is no SES: every message is written whole to
 * `<dataDir>/outbox/` (0600) and printed, so that whoever runs the server can read the sign-in
 * code or the invitation straight from the console. Locally that printing is the point, which is
 * why this one adapter prints message text (codes included); the recipient's address is masked on
 * the console (`an***@buyer.example`), since console output ends up in logs and the address is
 * personal data. The outbox file names the full address.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type Clock, systemClock } from '../../core/ports/clock.port.ts';
import type { Mail, Mailer } from '../../core/ports/mailer.port.ts';
import { ensurePrivateDir, writeFileDurably } from './fs-util.ts';

export interface OutboxMailerOptions {
  /** Mail goes to `<dataDir>/outbox/`. */
  dataDir: string;
  /** @default systemClock */
  clock?: Clock;
  /** Where to print each message. @default console.log */
  log?: (line: string) => void;
}

/**
 * A {@link Mailer} that delivers to a folder and the console.
 *
 * @example
 * const mailer = new OutboxMailer({ dataDir: '.dataroom' });
 * await mailer.send({ to: 'ana@buyer.example', kind: 'sign-in-code', subject: 'Your code', text: 'Code: 123456' });
 */
export class OutboxMailer implements Mailer {
  readonly #dir: string;
  readonly #clock: Clock;
  readonly #log: (line: string) => void;

  constructor({ dataDir, clock = systemClock, log = console.log }: OutboxMailerOptions) {
    this.#dir = join(dataDir, 'outbox');
    this.#clock = clock;
    this.#log = log;
  }

  async send(mail: Mail): Promise<void> {
    const message = [`To: ${oneLine(mail.to)}`, `Subject: ${oneLine(mail.subject)}`, '', mail.text].join(
      '\n',
    );
    const stamp = this.#clock.now().toISOString().replaceAll(':', '-');
    const name = `${stamp}-${mail.kind}-${randomBytes(4).toString('hex')}.txt`;
    await ensurePrivateDir(this.#dir);
    await writeFileDurably(join(this.#dir, name), `${message}\n`, 'wx');
    const printed = [
      `To: ${maskEmail(oneLine(mail.to))}`,
      `Subject: ${oneLine(mail.subject)}`,
      '',
      mail.text,
    ];
    this.#log(`\n[outbox] ${name}\n${printed.join('\n')}\n`);
  }
}

/** `ana.lopez@buyer.example` → `an***@buyer.example`: enough to tell mails apart, not to name anyone. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return '***';
  return `${address.slice(0, Math.min(2, at))}***${address.slice(at)}`;
}

/** Header values stay on one line, so a subject cannot smuggle in another header. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}
