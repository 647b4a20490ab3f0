/**
 * E-mail through Amazon SES (API v2): sign-in codes and invitations, plain text, UTF-8. The message
 * kind travels as an SES message tag so that bounces and complaints can be told apart per kind; the
 * recipient's address appears in no log line and no error message.
 */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mail, Mailer } from '../../../core/ports/mailer.port.ts';

export interface SesMailerOptions {
  client: SESv2Client;
  /** A verified identity, e.g. `Dataroom <no-reply@dataroom.example>`. */
  from: string;
  /** SES configuration set (event publishing, suppression); none by default. */
  configurationSetName?: string;
}

/**
 * {@link Mailer} on SES.
 *
 * @example
 * const mailer = new SesMailer({ client: new SESv2Client({}), from: 'no-reply@dataroom.example' });
 * await mailer.send({ to: 'ana@buyer.example', kind: 'invitation', subject: 'You are invited', text: '…' });
 */
export class SesMailer implements Mailer {
  readonly #options: SesMailerOptions;

  constructor(options: SesMailerOptions) {
    this.#options = options;
  }

  async send(mail: Mail): Promise<void> {
    const { client, from, configurationSetName } = this.#options;
    try {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [mail.to] },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: mail.text, Charset: 'UTF-8' } },
            },
          },
          EmailTags: [{ Name: 'kind', Value: mail.kind }],
          ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
        }),
      );
    } catch (error) {
      // SES messages can name the recipient: keep only the error's name.
      const name = error instanceof Error ? error.name : 'unknown';
      throw new Error(`SES did not accept the ${mail.kind} e-mail (${name}).`);
    }
  }
}
