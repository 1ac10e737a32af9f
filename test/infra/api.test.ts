/** The HTTP API and the user pool: routes from the topology, JWT where the contract says so. */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corsAllowHeaders } from '../../infra/constructs/api.ts';
import { servedRoutes } from '../../infra/topology.ts';
import { roles, routeKey } from '../../shared/contracts/routes.ts';
import { arnOf, synthesize, type Synthesized } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synthesize();
});
afterAll(() => s?.cleanup());

const routesByKey = () => new Map(s.ofType('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties!.RouteKey as string, r.Properties!]));
const authorizerId = () => s.logicalId(s.stack.api.node.findAll().find((c) => c.node.path.endsWith('/http-api/cognito'))!);

describe('routes', () => {
  it('creates exactly the served routes of the topology', () => {
    const expected = servedRoutes(s.stack.topology).map(routeKey).sort();
    expect([...routesByKey().keys()].sort()).toEqual(expected);
  });

  it("puts the JWT authorizer on 'jwt' routes only", () => {
    const routes = routesByKey();
    for (const route of servedRoutes(s.stack.topology)) {
      const props = routes.get(routeKey(route))!;
      if (route.auth === 'jwt') {
        expect(props.AuthorizationType, routeKey(route)).toBe('JWT');
        expect(props.AuthorizerId, routeKey(route)).toEqual({ Ref: authorizerId() });
      } else {
        expect(props.AuthorizationType, routeKey(route)).toBe('NONE');
        expect(props.AuthorizerId, routeKey(route)).toBeUndefined();
      }
    }
  });

  it("integrates each route with its audience's function (payload v2)", () => {
    const routes = routesByKey();
    for (const route of servedRoutes(s.stack.topology)) {
      const target = routes.get(routeKey(route))!.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
      const integration = s.resources[target['Fn::Join'][1][1].Ref]!.Properties!;
      expect(integration.IntegrationUri, routeKey(route)).toEqual(arnOf(s.logicalId(s.stack.functions.get(route.function)!.function)));
      expect(integration.PayloadFormatVersion).toBe('2.0');
    }
  });
});

describe('authorizer', () => {
  it("accepts ID tokens of the user pool: issuer is the pool, audience the app client", () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: s.logicalId(s.stack.api.client) }],
        Issuer: { 'Fn::Join': ['', Match.arrayWith(['https://cognito-idp.', { Ref: s.logicalId(s.stack.api.userPool) }])] },
      },
    });
  });
});

describe('stage', () => {
  it('logs access, throttles and answers CORS preflights with our headers', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowHeaders: corsAllowHeaders }),
    });
    expect(corsAllowHeaders).toEqual(['content-type', 'authorization', 'idempotency-key', 'x-dossier-token']);
  });
});

describe('user pool', () => {
  it('has no self sign-up, a strong password policy and required MFA', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
    });
  });

  it('declares the agency_id and service_point_id attributes the functions read from the token', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([Match.objectLike({ Name: 'agency_id', Mutable: true }), Match.objectLike({ Name: 'service_point_id', Mutable: true })]),
    });
  });

  it('has one group per role', () => {
    const groups = s.ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties!.GroupName);
    expect(groups.sort()).toEqual([...roles].sort());
  });

  it('has an app client without secret that cannot write the scoping attributes', () => {
    const clients = s.ofType('AWS::Cognito::UserPoolClient');
    expect(clients).toHaveLength(1);
    const client = clients[0]![1].Properties!;
    expect(client.GenerateSecret).toBe(false);
    expect(client.ReadAttributes).toEqual(expect.arrayContaining(['custom:agency_id', 'custom:service_point_id']));
    expect(client.WriteAttributes).not.toContain('custom:agency_id');
    expect(client.WriteAttributes).not.toContain('custom:service_point_id');
  });
});

describe('outputs', () => {
  it('exports the API URL, the user pool id and the client id', () => {
    const values = Object.values(s.outputs).map((o) => JSON.stringify(o.Value));
    expect(values).toContain(JSON.stringify({ Ref: s.logicalId(s.stack.api.userPool) }));
    expect(values).toContain(JSON.stringify({ Ref: s.logicalId(s.stack.api.client) }));
    expect(values.some((v) => v.includes('execute-api'))).toBe(true);
  });
});

describe('hosted UI sign-in for the pages', () => {
  it("has a Cognito domain whose hosted UI calls back to the front's own /dang-nhap/ (the pages' origin)", () => {
    expect(s.ofType('AWS::Cognito::UserPoolDomain')).toHaveLength(1);
    const client = s.ofType('AWS::Cognito::UserPoolClient')[0]![1].Properties!;
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    const callback = JSON.stringify(client.CallbackURLs);
    expect(callback).toContain(s.logicalId(s.stack.front.distribution));
    expect(callback).toContain('/dang-nhap/');
  });

  it('with a province domain too: authorization code (PKCE, no secret) back to its /dang-nhap/ as well, and the runtime config names the domain and client', () => {
    const withOrigin = synthesize({ prepare: (stack) => stack.api.addSignInOrigin('https://motcua.gialai.vn/') });
    try {
      const client = withOrigin.ofType('AWS::Cognito::UserPoolClient')[0]![1].Properties!;
      expect(client).toEqual(
        expect.objectContaining({
          GenerateSecret: false,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'email', 'profile'],
          CallbackURLs: expect.arrayContaining(['https://motcua.gialai.vn/dang-nhap/']),
          LogoutURLs: expect.arrayContaining(['https://motcua.gialai.vn/dang-nhap/']),
          SupportedIdentityProviders: ['COGNITO'],
        }),
      );
      const config = withOrigin.stack.resolve(withOrigin.stack.api.pagesConfig) as { signIn: { kind: string; clientId: unknown } };
      expect(config.signIn.kind).toBe('cognito');
      expect(config.signIn.clientId).toEqual({ Ref: withOrigin.logicalId(withOrigin.stack.api.client) });
    } finally {
      withOrigin.cleanup();
    }
  });
});
