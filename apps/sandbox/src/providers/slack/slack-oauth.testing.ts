import { OAuthTestClient, pkcePair } from '../../testing/oauth-test-client';

/** oauth.v2.access's answer for a user token (https://docs.slack.dev/reference/methods/oauth.v2.access). */
export interface SlackOAuthAnswer {
  readonly ok: boolean;
  readonly error?: string;
  readonly app_id?: string;
  readonly authed_user?: {
    readonly id: string;
    readonly scope: string;
    readonly access_token: string;
    readonly token_type: string;
    readonly refresh_token: string;
    readonly expires_in: number;
  };
  readonly team?: { readonly id: string; readonly name: string };
  readonly enterprise?: null;
  readonly is_enterprise_install?: boolean;
  readonly [field: string]: unknown;
}

/** Tests only: the hub's Slack client at the sandbox (HTTP Basic client authentication, as the manifest says). */
export function slackOAuthClient(sandboxUrl: string): OAuthTestClient {
  return new OAuthTestClient({ sandboxUrl, providerId: 'slack', authMethod: 'client_secret_basic' });
}

/**
 * Tests only: Slack's OAuth v2 flow as the hub runs it — user-token scopes in `user_scope`
 * (comma-separated) and no `scope` of its own, consent (optionally unticking scopes), the code
 * exchange — answering oauth.v2.access's body and the user token it carries under `authed_user`.
 */
export async function connectSlack(
  sandboxUrl: string,
  userScope: string,
  grant?: readonly string[],
): Promise<{ answer: SlackOAuthAnswer; accessToken: string; refreshToken: string }> {
  const client = slackOAuthClient(sandboxUrl);
  const pkce = pkcePair();
  const { code, error } = await client.authorize({
    scope: '',
    challenge: pkce.challenge,
    grant,
    extraParams: { user_scope: userScope },
  });
  if (!code) throw new Error(`The sandbox sent no code (${error ?? 'no error'})`);
  const { status, body } = await client.exchangeCode(code, pkce.verifier);
  const answer = body as unknown as SlackOAuthAnswer;
  const user = answer.authed_user;
  if (status !== 200 || !user?.access_token) throw new Error(`Token exchange failed: ${status} ${answer.error ?? ''}`);
  return { answer, accessToken: user.access_token, refreshToken: user.refresh_token };
}
