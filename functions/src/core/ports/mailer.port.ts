/**
 * Outgoing e-mail: sign-in codes and invitations. SES in AWS, an outbox folder locally.
 *
 * @example
 * await mailer.send({ to: 'ana@buyer.example', kind: 'sign-in-code', subject: 'Your code', text: 'Code: 123456' });
 */
export interface Mail {
  to: string;
  kind: 'sign-in-code' | 'invitation' | 'link';
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}
