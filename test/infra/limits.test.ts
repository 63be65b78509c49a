import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { httpRoutes } from '../../functions/manifest';
import { Api } from '../../infra/constructs/api';
import { DEFAULT_SETTINGS } from '../../infra/stack';
import { API_THROTTLE, EXPENSIVE_ROUTE_THROTTLE, ROUTE_THROTTLES } from '../../shared/http/limits';

/*
 * Issue 6, point 5: the request rate is bounded by the API stage's throttling (every caller
 * together: HTTP APIs have no usage plans, so no per-token quota), and the route that produces a
 * report within the request has its own, lower bound. The Api construct is built alone, with
 * the manifest's routes, so no function is bundled.
 */

type StageProperties = {
  DefaultRouteSettings: Record<string, number>;
  RouteSettings?: Record<string, Record<string, number>>;
};

function apiWithManifestRoutes(props: Partial<{ throttleRateLimit: number; throttleBurstLimit: number }> = {}) {
  const stack = new Stack(new App(), 'LimitsTest');
  const fn = () =>
    new LambdaFunction(stack, `Fn${stack.node.children.length}`, {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler=async()=>({})'),
    });
  const api = new Api(stack, 'Api', { authorizer: fn(), logRetention: RetentionDays.ONE_WEEK, ...props });
  for (const route of httpRoutes()) api.addRoute(route.method, route.path, fn());
  const template = Template.fromStack(stack);
  const [stageId, stage] = Object.entries(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as [
    string,
    { Properties: StageProperties; DependsOn?: string[] },
  ];
  return { template, stageId, stage };
}

describe('API limits (stage and route throttling)', () => {
  it('throttles every route of the stage at API_THROTTLE by default', () => {
    // Act
    const { stage } = apiWithManifestRoutes();
    // Assess
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: API_THROTTLE.rateLimit,
      ThrottlingBurstLimit: API_THROTTLE.burstLimit,
    });
    expect(API_THROTTLE.rateLimit).toBeGreaterThan(0);
    expect(API_THROTTLE.burstLimit).toBeGreaterThanOrEqual(API_THROTTLE.rateLimit);
  });

  it('takes the deployment settings when given, and the stack defaults to API_THROTTLE', () => {
    // Act
    const { stage } = apiWithManifestRoutes({ throttleRateLimit: 20, throttleBurstLimit: 40 });
    // Assess
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });
    expect({ rate: DEFAULT_SETTINGS.apiRateLimit, burst: DEFAULT_SETTINGS.apiBurstLimit }).toEqual({
      rate: API_THROTTLE.rateLimit,
      burst: API_THROTTLE.burstLimit,
    });
  });

  it('throttles the report production route below the stage, and only the routes ROUTE_THROTTLES names', () => {
    // Act
    const { stage } = apiWithManifestRoutes();
    // Assess
    expect(stage.Properties.RouteSettings).toEqual({
      'POST /v1/reports/{month}': {
        ThrottlingRateLimit: EXPENSIVE_ROUTE_THROTTLE.rateLimit,
        ThrottlingBurstLimit: EXPENSIVE_ROUTE_THROTTLE.burstLimit,
      },
    });
    expect(EXPENSIVE_ROUTE_THROTTLE.rateLimit).toBeLessThan(API_THROTTLE.rateLimit);
    expect(EXPENSIVE_ROUTE_THROTTLE.burstLimit).toBeLessThan(API_THROTTLE.burstLimit);
  });

  it('names only routes the manifest declares, and deploys the stage after them', () => {
    // Prepare
    const declared = new Set(httpRoutes().map((r) => `${r.method} ${r.path}`));
    // Act
    const { template, stage } = apiWithManifestRoutes();
    // Assess
    for (const key of Object.keys(ROUTE_THROTTLES)) expect(declared.has(key)).toBe(true);
    const routeIds = Object.entries(template.findResources('AWS::ApiGatewayV2::Route'))
      .filter(([, r]) =>
        Object.keys(ROUTE_THROTTLES).includes((r as { Properties: { RouteKey: string } }).Properties.RouteKey),
      )
      .map(([id]) => id);
    expect(routeIds).toHaveLength(Object.keys(ROUTE_THROTTLES).length);
    expect(stage.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });
});
