/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy`): one Houqin stack, configured from context:
 *   -c stackName=Houqin -c senderAddress=noreply@example.edu.cn -c opsAddress=ops@example.edu.cn
 *   -c logRetentionDays=90
 *   -c apiRateLimit=100 -c apiBurstLimit=200
 *   -c photoRetentionDays=365   (optional: Object Lock, governance mode, on the photo archive)
 * The stack is environment-agnostic (no account or region in code, no lookups), so synth works
 * offline and `cdk deploy` targets whatever AWS_PROFILE / AWS_REGION select.
 */
import { App } from 'aws-cdk-lib';
import { addComplianceChecks, HouqinStack, settingsFromContext } from './stack';

const app = new App();
const { stackName, ...settings } = settingsFromContext(app);
// A deployment's alarms must reach someone (docs/operations.md).
if (!settings.opsAddress)
  throw new Error('Set -c opsAddress=<e-mail address>: the operations alarms are mailed there (docs/operations.md)');
new HouqinStack(app, stackName, settings);
addComplianceChecks(app);
