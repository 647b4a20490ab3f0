import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesMailer } from './ses-mailer.ts';

const ses = mockClient(SESv2Client);
const client = new SESv2Client({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});

describe('SesMailer', () => {
  beforeEach(() => ses.reset());

  it('sends one plain-text UTF-8 message from the configured address, tagged with its kind', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm1' });
    const mailer = new SesMailer({
      client,
      from: 'Dataroom <no-reply@dataroom.example>',
      configurationSetName: 'dr',
    });
    await mailer.send({
      to: 'ana@buyer.example',
      kind: 'sign-in-code',
      subject: '登录代码',
      text: 'Code: 123456',
    });
    expect(ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input)).toEqual([
      {
        FromEmailAddress: 'Dataroom <no-reply@dataroom.example>',
        Destination: { ToAddresses: ['ana@buyer.example'] },
        Content: {
          Simple: {
            Subject: { Data: '登录代码', Charset: 'UTF-8' },
            Body: { Text: { Data: 'Code: 123456', Charset: 'UTF-8' } },
          },
        },
        EmailTags: [{ Name: 'kind', Value: 'sign-in-code' }],
        ConfigurationSetName: 'dr',
      },
    ]);
  });

  it('fails with a message that names neither the recipient nor the text when SES refuses', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(
        new MessageRejected({ message: 'Email address is not verified: ana@buyer.example', $metadata: {} }),
      );
    const mailer = new SesMailer({ client, from: 'no-reply@dataroom.example' });
    const sent = mailer.send({
      to: 'ana@buyer.example',
      kind: 'invitation',
      subject: 's',
      text: 'secret 654321',
    });
    await expect(sent).rejects.toThrow('SES did not accept the invitation e-mail (MessageRejected).');
    const error: unknown = await sent.catch((e: unknown) => e);
    expect(error instanceof Error && error.message).not.toMatch(/ana@|654321/);
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).not.toHaveProperty('ConfigurationSetName');
  });
});
