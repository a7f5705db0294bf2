import * as oauth from 'oauth4webapi';

export interface OidcLoginOptions {
  /** The provider's issuer URL (Google `https://accounts.google.com`, Entra `https://login.microsoftonline.com/<tenant>/v2.0`, Okta, Keycloak realm URL). */
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE only). */
  clientSecret?: string;
  /** Default `openid email profile`. */
  scopes?: string;
  /** The button text on the login page (default "Sign in with single sign-on"). */
  label?: string;
  /** Plain-http issuer, for tests against a local provider only. */
  allowHttp?: boolean;
}

export interface OidcStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified?: boolean;
}

/**
 * Sign-in through an external OpenID Connect provider, with oauth4webapi:
 * discovery (cached), authorization code with PKCE and nonce, the code
 * exchange and ID-token claim checks (issuer, audience, nonce, expiry).
 */
export class OidcLogin {
  readonly label: string;
  private server: Promise<oauth.AuthorizationServer> | undefined;
  private readonly client: oauth.Client;
  private readonly auth: oauth.ClientAuth;

  constructor(private readonly options: OidcLoginOptions) {
    this.label = options.label ?? 'Sign in with single sign-on';
    this.client = { client_id: options.clientId };
    this.auth = options.clientSecret ? oauth.ClientSecretPost(options.clientSecret) : oauth.None();
  }

  async start(redirectUri: string): Promise<OidcStart> {
    const as = await this.discover();
    if (!as.authorization_endpoint) throw new Error('The OIDC provider publishes no authorization_endpoint');
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(as.authorization_endpoint);
    url.search = new URLSearchParams({
      client_id: this.options.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: this.options.scopes ?? 'openid email profile',
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    }).toString();
    return { url: url.href, state, nonce, codeVerifier };
  }

  /** The identity of a completed login; throws when the provider's answer does not check out. */
  async finish(callbackUrl: URL, redirectUri: string, expected: Pick<OidcStart, 'state' | 'nonce' | 'codeVerifier'>): Promise<OidcIdentity> {
    const as = await this.discover();
    const params = oauth.validateAuthResponse(as, this.client, callbackUrl, expected.state);
    const response = await oauth.authorizationCodeGrantRequest(as, this.client, this.auth, params, redirectUri, expected.codeVerifier, this.requestOptions());
    const result = await oauth.processAuthorizationCodeResponse(as, this.client, response, { expectedNonce: expected.nonce, requireIdToken: true });
    const claims = oauth.getValidatedIdTokenClaims(result)!;
    return {
      issuer: claims.iss,
      subject: claims.sub,
      ...(typeof claims['email'] === 'string' ? { email: claims['email'] } : {}),
      ...(typeof claims['email_verified'] === 'boolean' ? { emailVerified: claims['email_verified'] } : {}),
    };
  }

  private discover(): Promise<oauth.AuthorizationServer> {
    const issuer = new URL(this.options.issuer);
    this.server ??= oauth
      .discoveryRequest(issuer, { algorithm: 'oidc', ...this.requestOptions() })
      .then((response) => oauth.processDiscoveryResponse(issuer, response))
      .catch((error: unknown) => {
        this.server = undefined;
        throw error;
      });
    return this.server;
  }

  private requestOptions() {
    return this.options.allowHttp ? { [oauth.allowInsecureRequests]: true } : {};
  }
}
