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
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_THROTTLE, ROUTE_THROTTLES } from '../../shared/http/limits';

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

    // The authorizer runs on every request (no identity source, no cache) and always allows it,
    // passing the principal or authenticated=false in its context: the route itself answers
    // 401 in the API's error shape and the caller's language (API Gateway's own 401 can do
    // neither), and a revoked token stops working at once because no answer is cached.
    // See shared/auth/principal.ts.
    this.authorizer = new HttpLambdaAuthorizer('TokenAuthorizer', props.authorizer, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: [],
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
   * Routes `method path` to `handler`, behind the authorizer. A route listed in ROUTE_THROTTLES
   * (shared/http/limits.ts) gets its own, lower throttling on the stage.
   */
  addRoute(method: 'GET' | 'POST', path: string, handler: IFunction): HttpRoute {
    const route = new HttpRoute(this, `${method} ${path}`, {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.with(path, HttpMethod[method]),
      integration: new HttpLambdaIntegration(`${method} ${path} integration`, handler),
      authorizer: this.authorizer,
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
