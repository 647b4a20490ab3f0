/**
 * The stack's own KMS keys. Deal keys are not here: the API creates one per deal at run time
 * (functions/src/adapters/aws/kms). Here are the data bucket's default key (for anything put
 * without naming a deal key) and the certificate signing key, an asymmetric P-256 key whose private
 * half never leaves KMS; it is retained, so certificates stay verifiable after a teardown.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * @example
 * const keys = new DataroomKeys(this, 'Keys', { stage: 'prod' });
 * keys.certificateKey.grant(sweeper.role, 'kms:Sign', 'kms:GetPublicKey');
 */
export interface DataroomKeysProps {
  readonly stage: string;
}

export class DataroomKeys extends Construct {
  readonly storageKey: Key;
  readonly certificateKey: Key;

  constructor(scope: Construct, id: string, props: DataroomKeysProps) {
    super(scope, id);
    this.storageKey = new Key(this, 'StorageKey', {
      alias: `alias/dataroom-${props.stage}-storage`,
      description: 'Default SSE-KMS key of the dataroom data bucket (deal objects use their own deal key)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.certificateKey = new Key(this, 'CertificateKey', {
      alias: `alias/dataroom-${props.stage}-certificates`,
      description: 'Signs dataroom destruction certificates (ES256)',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
