/**
 * The pages' runtime configuration, served at `/config.json` beside the built files: how staff
 * sign in. Locally the HTTP front answers it (`{ signIn: { kind: 'local' } }`: the development
 * sign-in at `/_local/sign-in`); in AWS the CDK app writes it into the pages' bucket from the user
 * pool's hosted UI domain and app client (infra/constructs/api.ts `Api.pagesConfig`), so one
 * build serves every stage. Type only: nothing here touches the DOM.
 */
export const runtimeConfigPath = '/config.json';
/** Where every app sends a person who must sign in (`?next=` the page to come back to); the hosted UI's callback too. */
export const signInPath = '/dang-nhap/';
/** The sessionStorage key of the signed-in staff member's ID token (web/common/auth.ts reads it). */
export const tokenKey = 'motcua.token';

export type SignInConfig =
  | { kind: 'local' }
  /** Cognito's hosted UI: authorization code with PKCE. `domain`: `https://<prefix>.auth.<region>.amazoncognito.com`. */
  | { kind: 'cognito'; domain: string; clientId: string };

export interface RuntimeConfig {
  signIn: SignInConfig;
}
