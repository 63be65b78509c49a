import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type PolicyViolation } from 'aws-cdk-lib';
import { EXAMPLE_ENVIRONMENT, readEnvironment } from '../../infra/environment';
import { addComplianceChecks, complianceChecks, HouqinStack, settingsFromEnvironment } from '../../infra/stack';

// The context cdk.json gives `cdk synth`, so what is checked here is what deploys.
const CDK_CONTEXT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;

/** One line per finding, so a failure names the rule and the construct to fix or acknowledge. */
function describeViolations(violations: readonly PolicyViolation[]): string[] {
  return violations.flatMap((v) =>
    v.violatingResources.map(
      (r) => `${v.severity ?? 'finding'} ${v.ruleName} at ${r.constructPath ?? r.resourceLogicalId}: ${v.description}`,
    ),
  );
}

/*
 * cdk-nag 3 is a policy-validation plugin: its findings are no longer annotations
 * (Annotations.findError sees none of them); they come out of synth's validation report, and
 * `validateScope` returns them as data. Acknowledgements (Validations.of(x).acknowledge) are
 * honoured by both.
 */
describe('cdk-nag', () => {
  let app: App;
  let stack: HouqinStack;
  let synthError: unknown;

  beforeAll(() => {
    // Prepare: the app as infra/app.ts builds it from the committed example environment (sender,
    // ops address, account and region), checks registered.
    app = new App({ context: CDK_CONTEXT });
    const { stackName, ...settings } = settingsFromEnvironment(readEnvironment(EXAMPLE_ENVIRONMENT));
    stack = new HouqinStack(app, stackName, settings);
    addComplianceChecks(app);
    // Act: synthesized once for the whole file; a failed validation throws the report.
    try {
      app.synth();
    } catch (error) {
      synthError = error;
    }
  });

  it('lets the app synthesize with the checks registered, as `cdk synth` does', () => {
    // Assess
    expect(synthError instanceof Error ? synthError.message : synthError).toBeUndefined();
  });

  it.each(complianceChecks().map((pack) => [pack.name, pack] as const))(
    'finds no unacknowledged %s error',
    (_name, pack) => {
      // Act
      const { violations } = pack.validateScope(stack);
      // Assess
      expect(describeViolations(violations.filter((v) => v.severity === 'error'))).toEqual([]);
    },
  );

  it.each(complianceChecks().map((pack) => [pack.name, pack] as const))(
    'finds no unacknowledged %s warning either',
    (_name, pack) => {
      // Act: cdk-nag 3 fails synth on any finding, warnings included.
      const { violations } = pack.validateScope(stack);
      // Assess
      expect(describeViolations(violations.filter((v) => v.severity !== 'error'))).toEqual([]);
    },
  );
});
