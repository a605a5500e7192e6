import type { ProviderManifest } from '@hub/server/integrations/core';

/**
 * Slack, read-only channels and messages through the Web API, installed with OAuth v2.
 *
 * OAuth v2: https://docs.slack.dev/authentication/installing-with-oauth
 * Token endpoint: https://docs.slack.dev/reference/methods/oauth.v2.access
 * PKCE: https://docs.slack.dev/authentication/using-pkce
 * Token rotation: https://docs.slack.dev/authentication/using-token-rotation
 * Methods used: auth.test (no scope), conversations.list (channels:read, groups:read),
 * conversations.history (channels:history, groups:history) and auth.revoke (no scope),
 * https://docs.slack.dev/reference/methods/.
 */
export const SLACK_MANIFEST: ProviderManifest = {
  id: 'slack',
  name: 'Slack',
  description: 'Sync channels and messages from Slack',
  category: 'Communication',
  logo: 'providers/slack.svg',
  docsUrl: 'https://docs.slack.dev/apis/web-api/',
  availability: 'available',
  auth: {
    kind: 'oauth2',
    appKey: 'SLACK',
    authorizationUrl: 'https://slack.com/oauth/v2/authorize',
    tokenUrl: 'https://slack.com/api/oauth.v2.access',
    // No revocationUrl: Slack has no RFC 7009 endpoint. Revocation is the provider's revoke(), which
    // calls the Web API method auth.revoke (https://docs.slack.dev/reference/methods/auth.revoke) with
    // the access token it revokes.
    //
    // OAuth v2 quirk: `scope` asks for bot-token scopes and `user_scope` for user-token scopes, and a
    // user token comes back under `authed_user` in the oauth.v2.access answer, not at its top level.
    // These are user-token scopes: the hub reads as the person who connects, so it sees exactly the
    // public and private channels they are in (a bot only sees channels it has been invited to). The
    // engine sends them as `user_scope` (scopeParameter) and takes `authed_user.access_token`
    // (tokenResponseField). Least privilege for what is synced (https://docs.slack.dev/reference/scopes):
    // conversations.list needs channels:read for public and groups:read for private channels;
    // conversations.history needs channels:history and groups:history likewise. No im/mpim scopes:
    // direct messages are not synced.
    scopes: ['channels:read', 'channels:history', 'groups:read', 'groups:history'],
    scopeParameter: 'user_scope',
    tokenResponseField: 'authed_user',
    // Slack joins scopes with commas.
    scopeSeparator: ',',
    // Supported since March 2026 once "PKCE" is switched on in the Slack app's settings, which marks
    // the app a public client (one-way) and makes its refresh tokens expire after 30 days.
    pkce: { required: true },
    // oauth.v2.access: "avoid sending client_id and client_secret as parameters ... use HTTP Basic".
    clientAuthentication: 'client_secret_basic',
    appRegistrationUrl: 'https://api.slack.com/apps',
    // With token rotation on (expected for this hub) access tokens expire every 12 hours; without
    // it they never expire.
    accessTokenLifetimeSeconds: 43200,
  },
  api: { baseUrl: 'https://slack.com/api' },
  sync: {
    resources: [
      {
        id: 'channels',
        name: 'Channels',
        description: 'Public channels and the private channels you are in, with names, topics and purposes',
      },
      {
        id: 'messages',
        name: 'Messages',
        description: 'Messages in the channels you are a member of (not thread replies), with author, time and text',
      },
    ],
    defaultFrequencyMinutes: 15,
  },
};
