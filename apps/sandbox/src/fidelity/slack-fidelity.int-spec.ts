import { SlackProvider } from '@hub/server/integrations/slack';
import { type RunningSandbox, startSandbox } from '../start-sandbox';
import { connectSlack } from '../providers/slack/slack-oauth.testing';
import { baseUrls } from '../testing/emulation-harness';
import type { Exchange } from '../testing/exchange-recorder';
import { exercise, report } from './exercise';
import { OpenApiJudge } from './openapi-judge';

/**
 * The fidelity tier for Slack: the hub's SlackProvider, unchanged (without its pacing, to stay
 * short), runs against its emulation (exercise: connect, a full pass and the next of both
 * resources, `auth.revoke`), then meets an expired token, and every request it sent and answer it
 * got is judged against Slack's OpenAPI description (descriptions/slack.openapi.json, from
 * slackapi/slack-api-specs; refreshed by scripts/update-openapi-descriptions.mjs).
 */
const judge = new OpenApiJudge('slack.openapi.json', {
  // "Methods accept GET or POST" (https://docs.slack.dev/apis/web-api/#basics); the description
  // lists one of them per method (GET for auth.revoke, which the hub POSTs).
  anyHttpMethod: true,
  // Errors come with HTTP 200 and `"ok": false` (https://docs.slack.dev/apis/web-api/#responses).
  isError: (body) => (body as { ok?: unknown } | undefined)?.ok === false,
  amendments: [
    {
      // Tokens go in the Authorization header; apps created since 2021 may not send them in the query
      // string. The 2021 description still lists auth.revoke's `token` as a required query parameter.
      source: 'https://api.slack.com/changelog/2020-11-no-more-tokens-in-querystrings-for-newly-created-apps',
      amend: ({ paths }) => {
        for (const parameter of paths['/auth.revoke'].get.parameters)
          if (parameter.name === 'token') parameter.in = 'header';
      },
    },
    {
      // With token rotation any method can answer `token_expired` once the access token is 12 hours old.
      source: 'https://docs.slack.dev/authentication/using-token-rotation',
      amend: ({ paths }) => {
        for (const path of Object.keys(paths))
          paths[path].get.responses.default.schema.properties.error.enum?.push('token_expired');
      },
    },
    {
      // An edited message carries `edited` {user, ts}; a thread's parent, `is_locked`.
      source: 'https://docs.slack.dev/reference/objects/message-object',
      amend: ({ definitions }) => {
        Object.assign(definitions['objs_message'].properties, {
          edited: {
            type: 'object',
            additionalProperties: false,
            properties: { user: { type: 'string' }, ts: { type: 'string' } },
            required: ['user', 'ts'],
          },
          is_locked: { type: 'boolean' },
        });
      },
    },
    {
      // A window with no messages (an empty channel; `oldest` past the latest one) answers `"messages": []`,
      // and a page with more after it `response_metadata.next_cursor`.
      source: 'https://docs.slack.dev/reference/methods/conversations.history',
      amend: ({ paths }) => {
        const schema = paths['/conversations.history'].get.responses['200'].schema;
        delete schema.properties.messages.minItems;
        schema.properties.response_metadata = {
          type: 'object',
          additionalProperties: false,
          properties: { next_cursor: { type: 'string' } },
          required: ['next_cursor'],
        };
      },
    },
  ],
});

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: ['slack'] });
});
afterAll(() => sandbox.close());

it('should send only requests Slack’s OpenAPI description defines, and get only answers of its schemas', async () => {
  const provider = new SlackProvider(baseUrls(sandbox, 'slack')).withOptions({ methodIntervalsMs: {} });
  const { auth } = provider.manifest;
  const userScope = auth.kind === 'oauth2' ? auth.scopes.join(auth.scopeSeparator ?? ' ') : '';
  const connect = async () => ({ accessToken: (await connectSlack(sandbox.url, userScope)).accessToken });
  const exchanges = await exercise(sandbox, provider, {
    connect,
    also: async (credentials) => {
      await fetch(`${sandbox.url}/_sandbox/slack/expire-access-tokens`, { method: 'POST' });
      await expect(provider.getAccountInfo({ credentials })).rejects.toThrow('token_expired');
      return connect();
    },
  });
  const verdicts = exchanges.map((exchange) => judge.judge(exchange));
  report('slack', judge.name, verdicts);
  expect(verdicts.map((v) => v.operation)).not.toContain(null);
  expect(new Set(verdicts.map((v) => v.operation)).size).toBe(4);
  expect(verdicts.flatMap((v) => v.violations)).toEqual([]);
});

it('should catch what Slack would not send or accept (the check can fail)', () => {
  const exchange = (path: string, query: string, body: unknown): Exchange => ({
    method: 'GET',
    path,
    query: new URLSearchParams(query),
    requestBody: undefined,
    status: 200,
    body,
  });
  expect(
    judge.judge(
      exchange('/conversations.list', 'limit=ten&types=public_channel&colour=red', {
        ok: true,
        channels: [],
        extra: 1,
      }),
    ).violations,
  ).toEqual(
    expect.arrayContaining([
      expect.stringContaining('limit=ten must be integer'),
      expect.stringContaining('colour is not a parameter'),
      expect.stringContaining('(extra)'),
    ]),
  );
  expect(judge.judge(exchange('/conversations.lists', '', {})).operation).toBeNull();
});
