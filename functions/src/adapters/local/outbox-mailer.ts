/**
 * E-mail for the local runtime, where there is no SES: every message is written to
 * `<dataDir>/outbox/` and printed, so that whoever runs the server can read the sign-in code or
 * the invitation straight from the console. Locally that printing is the point, which is why this
 * one adapter writes message text (codes included) to the log.
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
    this.#log(`\n[outbox] ${name}\n${message}\n`);
  }
}

/** Header values stay on one line, so a subject cannot smuggle in another header. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}
