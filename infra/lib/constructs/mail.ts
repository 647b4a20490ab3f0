/**
 * E-mail through SES: the sender identity and the one permission to send from it. SES verifies an
 * address identity by mailing it a link once deployed; while the account is in the SES sandbox,
 * recipients must be verified too (README, "Deploy to AWS").
 */
import { Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/**
 * @example
 * const mail = new Mail(this, 'Mail', { from: 'Dataroom <no-reply@dataroom.example>', createIdentity: true });
 * mail.grantSend(api.role);
 */
export interface MailProps {
  /** The From address, optionally with a display name. */
  readonly from: string;
  /** Create the SES identity for the address. @default true */
  readonly createIdentity?: boolean;
}

export class Mail extends Construct {
  readonly address: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.address = (/<([^>]+)>/.exec(props.from)?.[1] ?? props.from).trim().toLowerCase();
    if (props.createIdentity ?? true)
      new EmailIdentity(this, 'Sender', { identity: Identity.email(this.address) });
  }

  /** Send from this address only, whether its address or its domain is the verified identity. */
  grantSend(grantee: IGrantable): void {
    const domain = this.address.split('@')[1] ?? this.address;
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: this.address }),
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: domain }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': this.address } },
      }),
    );
  }
}
