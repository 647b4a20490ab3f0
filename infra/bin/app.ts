/**
 * The CDK app: one stack per stage, configured by context, e.g.
 * `npx cdk deploy -c stage=prod -c adminEmails=ana@corp.example -c mailFrom=no-reply@corp.example`.
 * Synthesizes offline with no AWS credentials. cdk-nag's AwsSolutions checks run on every synth, and
 * any finding not acknowledged (with its reason, in the construct concerned) fails it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataroomStack } from '../lib/dataroom-stack.ts';
import { readStackContext } from '../lib/stack-context.ts';

const app = new App();
const context = readStackContext(app);
new DataroomStack(app, `Dataroom-${context.stage}`, {
  ...context,
  description: `dataroom (${context.stage}): serverless data room for customer-data handover`,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
