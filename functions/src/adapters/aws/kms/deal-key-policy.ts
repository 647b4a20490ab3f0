/**
 * The key policy of a deal key. The account keeps administration through IAM (policies conditioned
 * on the key's `app`/`stage` tags), the runtime roles named in the policy may use the key only
 * through S3, and nobody, the account root included, may use it for cryptography directly: the deal
 * key exists to encrypt the deal's objects in the data bucket and for nothing else.
 *
 * The runtime roles are named here as well as allowed by their tag-conditioned IAM policies because
 * KMS may take up to five minutes to honour a new key's tags for authorisation: the alias is created
 * right after the key, and a deal's first upload often comes within minutes. (Naming an alias also
 * needs IAM permission on the alias itself, which only the API role has.)
 */

export interface DealKeyPolicyInput {
  partition: string;
  accountId: string;
  region: string;
  /** Roles that read and write deal objects (API, ingest worker): they use the key via S3. */
  keyUserRoleArns: readonly string[];
}

const DATA_KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];

export function dealKeyPolicy({ partition, accountId, region, keyUserRoleArns }: DealKeyPolicyInput) {
  const viaS3 = `s3.${region}.amazonaws.com`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccountAdministersThroughIam',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      ...(keyUserRoleArns.length
        ? [
            {
              Sid: 'RuntimeUsesKeyThroughS3',
              Effect: 'Allow',
              Principal: { AWS: [...keyUserRoleArns] },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
              Resource: '*',
              Condition: {
                StringEquals: { 'kms:ViaService': viaS3, 'kms:CallerAccount': accountId },
              },
            },
            {
              Sid: 'RuntimeNamesAndFindsKey',
              Effect: 'Allow',
              Principal: { AWS: [...keyUserRoleArns] },
              Action: ['kms:CreateAlias', 'kms:DescribeKey'],
              Resource: '*',
            },
          ]
        : []),
      {
        Sid: 'NoDirectCryptography',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: DATA_KEY_ACTIONS,
        Resource: '*',
        Condition: { StringNotEquals: { 'kms:ViaService': viaS3 } },
      },
    ],
  };
}
