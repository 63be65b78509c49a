import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type CfnStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_THROTTLE, ROUTE_THROTTLES } from '../../shared/http/limits';

/** The request part API Gateway requires before it invokes the authorizer (absent or empty: 401, nothing invoked). */
export const AUTHORIZER_IDENTITY_SOURCE = '$request.header.Authorization';

export interface ApiProps {
  /** The manifest's authorizer function; it runs before every route. */
  readonly authorizer: IFunction;
  /**
   * Default route throttling of the stage, requests per second (steady rate), shared by every
   * caller: HTTP APIs have no usage plans, so no per-token quota exists. @default API_THROTTLE.rateLimit
   */
  readonly throttleRateLimit?: number;
  /** Default route throttling of the stage, burst size. @default API_THROTTLE.burstLimit */
  readonly throttleBurstLimit?: number;
  /** How long the access log group keeps its events. */
  readonly logRetention: RetentionDays;
}

/**
 * The public HTTP API (v1): one route per manifest HTTP trigger, every route behind the Lambda
 * authorizer, and a `$default` stage with JSON access logs and default throttling.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  private readonly authorizer: HttpLambdaAuthorizer;
  private readonly routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    // Identity source: the Authorization header. A request without one is answered 401 by API
    // Gateway itself, invoking nothing (an anonymous flood costs no Lambda). With a header, the
    // authorizer runs on every request and always allows it, passing the principal or
    // authenticated=false in its context: the route itself answers 401 in the API's error shape
    // and the caller's language. No cache (TTL 0): a revoked token stops working at once, and
    // every request is counted against its token's rate limit (shared/auth/rate-limit.ts).
    // See docs/reliability-and-security.md and shared/auth/principal.ts.
    this.authorizer = new HttpLambdaAuthorizer('TokenAuthorizer', props.authorizer, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: [AUTHORIZER_IDENTITY_SOURCE],
      resultsCacheTtl: Duration.seconds(0),
    });

    // The default stage is built below rather than by HttpApi, which cannot give it access logs.
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Houqin public API (v1)',
      createDefaultStage: false,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: {
        rateLimit: props.throttleRateLimit ?? API_THROTTLE.rateLimit,
        burstLimit: props.throttleBurstLimit ?? API_THROTTLE.burstLimit,
      },
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: accessLogFormat() },
    });
  }

  /** The API's base URL (the `$default` stage). */
  get url(): string {
    return this.stage.url;
  }

  /**
   * Routes `method path` to `handler`, behind the authorizer unless `public` (a route whose request
   * proves itself, e.g. a signed link: no authorizer, no token needed). A route listed in
   * ROUTE_THROTTLES (shared/http/limits.ts) gets its own, lower throttling on the stage.
   */
  addRoute(method: 'GET' | 'POST', path: string, handler: IFunction, options: { public?: boolean } = {}): HttpRoute {
    const route = new HttpRoute(this, `${method} ${path}`, {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.with(path, HttpMethod[method]),
      integration: new HttpLambdaIntegration(`${method} ${path} integration`, handler),
      authorizer: options.public ? new HttpNoneAuthorizer() : this.authorizer,
    });
    if (options.public)
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${method} ${path} takes no token by design: the request carries its own HMAC signature and expiry (a photo link from a report mail), checked by the route.`,
      });
    const throttle = ROUTE_THROTTLES[`${method} ${path}`];
    if (throttle) {
      this.routeSettings[`${method} ${path}`] = {
        ThrottlingRateLimit: throttle.rateLimit,
        ThrottlingBurstLimit: throttle.burstLimit,
      };
      (this.stage.node.defaultChild as CfnStage).addPropertyOverride('RouteSettings', this.routeSettings);
      // A stage's route settings may only name routes that exist.
      this.stage.node.addDependency(route);
    }
    return route;
  }
}

/**
 * One JSON line per request. The principal's token id (never the token) and school tie a request
 * to its caller; the authorizer and integration errors explain a 5xx without the function logs.
 */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: AccessLogField.contextRequestId(),
      requestTime: AccessLogField.contextRequestTime(),
      ip: AccessLogField.contextIdentitySourceIp(),
      userAgent: AccessLogField.contextIdentityUserAgent(),
      routeKey: AccessLogField.contextRouteKey(),
      status: AccessLogField.contextStatus(),
      protocol: AccessLogField.contextProtocol(),
      responseLength: AccessLogField.contextResponseLength(),
      latencyMs: AccessLogField.contextResponseLatency(),
      integrationLatencyMs: AccessLogField.contextIntegrationLatency(),
      integrationError: AccessLogField.contextIntegrationErrorMessage(),
      authorizerError: AccessLogField.contextAuthorizerError(),
      tokenId: '$context.authorizer.tokenId',
      schoolId: '$context.authorizer.schoolId',
    }),
  );
}
