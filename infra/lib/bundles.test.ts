/**
 * The functions as Lambda runs them: the stack is synthesized with real esbuild bundling (as
 * `npm run synth` does), and the API bundle is loaded and invoked the way the Node.js 22 runtime
 * would, to prove the ESM bundle (SDK included) starts and serves the same Hono app.
 */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataroomStack } from './dataroom-stack.ts';

const run = promisify(execFile);

const ENV = {
  AWS_REGION: 'eu-west-1',
  DATAROOM_STAGE: 'bundle',
  DATAROOM_ACCOUNT_ID: '111122223333',
  DATAROOM_TABLE_NAME: 'table',
  DATAROOM_BUCKET: 'dataroom-bundle-data',
  DATAROOM_ADMIN_EMAILS: 'ana@corp.example',
  DATAROOM_MAIL_FROM: 'no-reply@corp.example',
  DATAROOM_CERTIFICATE_KEY_ID: 'arn:aws:kms:eu-west-1:111122223333:key/cert',
};

describe('the bundled functions', () => {
  const bundles = new Map<string, string>();

  beforeAll(() => {
    const app = new App();
    const stack = new DataroomStack(app, 'Bundled', { stage: 'bundle', webDistPath: '/none' });
    const assembly = app.synth();
    const template = assembly.getStackByName(stack.stackName).template as {
      Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;
    };
    for (const [id, resource] of Object.entries(template.Resources)) {
      const key = resource.Properties.Code?.S3Key;
      if (resource.Type === 'AWS::Lambda::Function' && key && /^(Api|Workers)/.test(id))
        bundles.set(
          id.replace(/Function[0-9A-F]{8}$/, ''),
          join(assembly.directory, `asset.${key.replace('.zip', '')}`),
        );
    }
  }, 120_000);

  it('are one minified ESM file each, SDK included, for the API, ingest and the sweeper', () => {
    expect([...bundles.keys()].sort()).toEqual(['ApiHandler', 'WorkersIngest', 'WorkersSweeper']);
    for (const dir of bundles.values()) {
      const size = statSync(join(dir, 'index.mjs')).size;
      expect(size).toBeGreaterThan(100_000); // the SDK clients are inside
      expect(size).toBeLessThan(10 * 1024 * 1024);
    }
  });

  it('start and serve the API from the bundle in plain Node, as the Lambda runtime loads it', async () => {
    // A child process, so that the bundle is loaded by Node itself and not through vitest's transform.
    const bundle = pathToFileURL(join(bundles.get('ApiHandler') ?? '', 'index.mjs')).href;
    const script = `
      const { handler } = await import(${JSON.stringify(bundle)});
      const event = (path) => ({ version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '',
        headers: { host: 'x.execute-api.eu-west-1.amazonaws.com', 'x-dataroom-host': 'dataroom.corp.example' },
        body: null, isBase64Encoded: false,
        requestContext: { domainName: 'x.execute-api.eu-west-1.amazonaws.com', requestId: 'r', routeKey: '$default',
          stage: '$default', time: '', timeEpoch: 0,
          http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.1', userAgent: 't' } } });
      const answers = [];
      for (const path of ['/api/v1/health', '/api/v1/me']) {
        const { statusCode, body } = await handler(event(path));
        answers.push([statusCode, JSON.parse(body)]);
      }
      console.log(JSON.stringify(answers));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, ...ENV },
    });
    const [health, me] = JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]');
    expect(health).toEqual([200, { ok: true }]);
    expect(me).toMatchObject([401, { error: { code: 'AUTH.REQUIRED' } }]);
  });
});
