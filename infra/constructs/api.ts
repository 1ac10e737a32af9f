/**
 * The HTTP front: a Cognito user pool for staff (clerks, agencies, couriers, admins) and an
 * API Gateway HTTP API whose routes come from the topology, one Lambda per audience. `jwt` routes
 * sit behind a JWT authorizer that accepts the pool's ID tokens; the functions check the role
 * (`cognito:groups`) and scope (`custom:agency_id`, `custom:service_point_id`) claims.
 */
import { Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';
import { routeKey, roles, type RouteSpec } from '../../shared/contracts/routes.ts';
import { servedRoutes, type FunctionId, type FunctionSpec, type Topology } from '../topology.ts';
import { signInPath, type RuntimeConfig } from '../../web/common/runtime-config.ts';
import { MotcuaFunction, type FunctionResources } from './motcua-function.ts';

export interface ApiProps {
  topology: Topology;
  resources: FunctionResources;
  production: boolean;
  corsOrigins: string[];
}

/** Headers browsers may send (CORS preflight). */
export const corsAllowHeaders = ['content-type', 'authorization', 'idempotency-key', 'x-dossier-token'];

/** Stage-wide throttling: a province's desks and citizens, with headroom. */
export const stageThrottle = { rateLimit: 100, burstLimit: 200 };

/**
 * Per-route throttles of the anonymous routes (`auth: 'none'`), for all clients together: the
 * WAF limits each IP (infra/constructs/waf.ts), these bound what many IPs together can make the
 * public function do. Writes are tighter: each anonymous POST allocates a code or an upload URL,
 * and a province's citizens create well under one dossier a second at peak. Reads get half the
 * stage. Requests over a limit get 429 from API Gateway, before any function runs.
 */
export const anonymousThrottles = {
  write: { rateLimit: 10, burstLimit: 20 },
  read: { rateLimit: 50, burstLimit: 100 },
} as const;

/** The throttle of a route: anonymous routes get their own, staff routes share the stage's. */
export function routeThrottle(route: Pick<RouteSpec, 'method' | 'auth'>): { rateLimit: number; burstLimit: number } | undefined {
  if (route.auth !== 'none') return undefined;
  return route.method === 'GET' ? anonymousThrottles.read : anonymousThrottles.write;
}

/** OAuth scopes the pages ask the hosted UI for: the ID token carries the groups and the scoping attributes. */
export const signInScopes = ['openid', 'email', 'profile'];

export class Api extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** Cognito's hosted UI for staff (authorization code with PKCE from the pages' `/dang-nhap/`). */
  readonly hostedUi: cognito.UserPoolDomain;
  /** Origins the pages are served from (`https://motcua.gialai.vn`): the hosted UI's callback and sign-out URLs. */
  private readonly signInOrigins: string[] = [];
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly functions = new Map<FunctionId, MotcuaFunction>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { topology, resources, production, corsOrigins } = props;
    const removalPolicy = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.userPool = new cognito.UserPool(this, 'users', {
      // Staff accounts are created by the provincial administrator; citizens have none.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      // Staff read citizens' personal data: a second factor, by authenticator app (no SMS role, no SMS cost).
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      keepOriginal: { email: true },
      customAttributes: {
        agency_id: new cognito.StringAttribute({ mutable: true, maxLen: 64 }),
        service_point_id: new cognito.StringAttribute({ mutable: true, maxLen: 64 }),
      },
      deletionProtection: production,
      removalPolicy,
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-COG8',
      'Cost decision for the pilot: the Plus feature plan (threat protection) is billed per monthly active user; staff accounts are admin-created, self sign-up is off and TOTP MFA is required. Revisit at province-wide rollout.',
    );
    for (const role of roles) {
      this.userPool.addGroup(`group-${role}`, { groupName: role, description: `motcua role ${role}` });
    }

    this.client = this.userPool.addClient('web-client', {
      generateSecret: false,
      authFlows: { userSrp: true },
      // OAuth (the hosted UI) is set below on the L1 client, lazily, once the pages' origins are known.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('agency_id', 'service_point_id'),
      // agency_id and service_point_id scope what a user may see: only an administrator
      // (AdminUpdateUserAttributes) may change them, never the user through this client.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    this.hostedUi = this.userPool.addDomain('hosted-ui', { cognitoDomain: { domainPrefix: `${topology.prefix}-staff-${Stack.of(this).account}` } });
    // The hosted UI (authorization code + PKCE, no secret: a public client) is on once the pages
    // have an origin: context corsOrigins, or the front's (`addSignInOrigin`). Lazy, as the
    // front is built after the API; with no origin the client keeps SRP only, as before.
    for (const o of corsOrigins) if (o !== '*') this.addSignInOrigin(o);
    const cfnClient = this.client.node.defaultChild as cognito.CfnUserPoolClient;
    const on = () => this.signInOrigins.length > 0;
    cfnClient.allowedOAuthFlowsUserPoolClient = Lazy.any({ produce: () => on() });
    cfnClient.allowedOAuthFlows = Lazy.list({ produce: () => (on() ? ['code'] : undefined) });
    cfnClient.allowedOAuthScopes = Lazy.list({ produce: () => (on() ? signInScopes : undefined) });
    cfnClient.supportedIdentityProviders = Lazy.list({ produce: () => (on() ? ['COGNITO'] : undefined) });
    cfnClient.callbackUrLs = Lazy.list({ produce: () => (on() ? this.signInOrigins.map((o) => `${o}${signInPath}`) : undefined) });
    cfnClient.logoutUrLs = Lazy.list({ produce: () => (on() ? this.signInOrigins.map((o) => `${o}${signInPath}`) : undefined) });

    const stack = Stack.of(this);
    const authorizer = new HttpJwtAuthorizer('cognito', `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`, {
      jwtAudience: [this.client.userPoolClientId],
    });

    const served = servedRoutes(topology);
    this.httpApi = new apigw.HttpApi(this, 'http-api', {
      apiName: `${topology.prefix}-api`,
      description: 'motcua HTTP API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: corsOrigins,
        allowHeaders: corsAllowHeaders,
        allowMethods: [...new Set(served.map((r) => r.method)), 'OPTIONS'].map((m) => m as apigw.CorsHttpMethod),
        // Tokens travel in the Authorization header, never in cookies.
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });

    const accessLogs = new logs.LogGroup(this, 'access-logs', {
      retention: production ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.ONE_MONTH,
      removalPolicy,
    });
    this.stage = new apigw.HttpStage(this, 'default-stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: stageThrottle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTimeEpoch',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latency: '$context.responseLatency',
            responseLength: '$context.responseLength',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    for (const [functionId, spec] of Object.entries(topology.functions) as [FunctionId, FunctionSpec][]) {
      if (!spec.audience) continue;
      this.functions.set(functionId, new MotcuaFunction(this, functionId, { topology, functionId, resources, production }));
    }
    const integrations = new Map<FunctionId, HttpLambdaIntegration>();
    // HttpStage has no per-route settings (aws-cdk-lib 2.276): RouteSettings on the L1 stage, keyed
    // by route key. The stage must come after its routes: CloudFormation refuses route settings
    // that name a route not created yet.
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of served) {
      const fn = this.functions.get(route.function);
      if (!fn) throw new Error(`route ${route.method} ${route.path}: function ${route.function} is not an API function`);
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.function}-integration`, fn.function);
        integrations.set(route.function, integration);
      }
      const [created] = this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method as apigw.HttpMethod],
        integration,
        authorizer: route.auth === 'jwt' ? authorizer : undefined,
      });
      const throttle = routeThrottle(route);
      if (throttle && created) {
        routeSettings[routeKey(route)] = { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit };
        cfnStage.node.addDependency(created);
      }
      if (route.auth === 'none' && created) {
        acknowledge(
          created,
          'AwsSolutions-APIG4',
          `${route.method} ${route.path} (${route.operationId}) is open by design: it serves citizens, who have no account (auth 'none' in shared/contracts/routes.ts); AWS WAF limits each IP and the route has its own throttle.`,
        );
      }
    }
    if (Object.keys(routeSettings).length) cfnStage.routeSettings = routeSettings;
  }

  /** Lets the pages at `origin` (scheme and host, no path) sign staff in through the hosted UI. */
  addSignInOrigin(origin: string): void {
    const o = origin.replace(/\/+$/, '');
    if (!this.signInOrigins.includes(o)) this.signInOrigins.push(o);
  }

  /**
   * The pages' `/config.json` (web/common/runtime-config.ts) for this stack: the front writes it
   * into the pages' bucket, e.g. `Source.jsonData('config.json', api.pagesConfig)`.
   */
  get pagesConfig(): RuntimeConfig {
    return { signIn: { kind: 'cognito', domain: this.hostedUi.baseUrl(), clientId: this.client.userPoolClientId } };
  }

  /** The API's base URL (the $default stage). */
  get url(): string {
    return this.stage.url;
  }
}
