/** The CDK app: one stack per stage, configured by context (`-c stage=prod`). Synthesizes offline. */
import { App } from 'aws-cdk-lib';
import { DataroomStack } from '../lib/dataroom-stack.ts';

const app = new App();
const stage = String(app.node.tryGetContext('stage') ?? 'dev');
new DataroomStack(app, `Dataroom-${stage}`, { stage });
app.synth();
