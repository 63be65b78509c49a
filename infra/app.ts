/**
 * The CDK app (`npx cdk synth -c env=<name>`, `npx cdk deploy -c env=<name>`): one Houqin stack,
 * configured by the committed environment file infra/environments/<name>.json (account, region,
 * stack name, addresses, retentions, tracing; docs/deploying.md). Without `-c env` the app
 * refuses to build, so no deploy can fall back to defaults. The stack is pinned to the file's
 * account and region; synth needs no credentials and no lookups (`npm run synth` uses the
 * committed `example` environment).
 */
import { App } from 'aws-cdk-lib';
import { environmentFromContext } from './environment';
import { addComplianceChecks, HouqinStack, settingsFromEnvironment } from './stack';

const app = new App();
const { stackName, ...settings } = settingsFromEnvironment(environmentFromContext(app));
new HouqinStack(app, stackName, settings);
addComplianceChecks(app);
