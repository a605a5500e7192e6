import type { IntegrationProvider } from '@hub/server/integrations/core';
import { GmailProvider } from '@hub/server/integrations/gmail';
import { GoogleAnalyticsProvider } from '@hub/server/integrations/google-analytics';
import { GoogleCalendarProvider } from '@hub/server/integrations/google-calendar';
import { GoogleDriveProvider } from '@hub/server/integrations/google-drive';
import { type RunningSandbox, startSandbox } from '../start-sandbox';
import { baseUrls } from '../testing/emulation-harness';
import type { Exchange } from '../testing/exchange-recorder';
import { exercise, report } from './exercise';
import { GoogleDiscoveryJudge } from './google-discovery';

/**
 * The fidelity tier for Google: each Google provider module, unchanged, runs against its emulation
 * (connect, "connected as", a full pass of every resource, a mutation, the next pass from the token
 * it was given), and every request it sent and answer it got is judged against Google's own
 * discovery documents (descriptions/google, with their revisions; refreshed by
 * scripts/update-google-discovery.mjs): the method exists, its parameters are Google's and within
 * their bounds, and the answer has Google's schema with no invented field.
 */
const judge = new GoogleDiscoveryJudge([
  'drive.v3',
  'gmail.v1',
  'calendar.v3',
  'analyticsadmin.v1beta',
  'analyticsdata.v1beta',
]);

const PROVIDERS: Record<string, (urls: ReturnType<typeof baseUrls>) => IntegrationProvider> = {
  'google-drive': (urls) => new GoogleDriveProvider(urls),
  gmail: (urls) => new GmailProvider(urls),
  'google-calendar': (urls) => new GoogleCalendarProvider(urls),
  'google-analytics': (urls) => new GoogleAnalyticsProvider(urls),
};

/** The URL an exchange stands for at Google: the manifest's base URL, or one of its other hosts. */
function realUrl(provider: IntegrationProvider, exchange: Exchange): string {
  const { baseUrl, hosts } = provider.manifest.api as { baseUrl: string; hosts?: Record<string, string> };
  const host = /^\/_hosts\/([\w-]+)(\/.*)$/.exec(exchange.path);
  return host && hosts?.[host[1]] ? `${hosts[host[1]]}${host[2]}` : `${baseUrl}${exchange.path}`;
}

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, only: Object.keys(PROVIDERS) });
});
afterAll(() => sandbox.close());

describe.each(Object.keys(PROVIDERS))('%s', (id) => {
  it('should send only requests Google’s discovery document defines, and get only answers of its schemas', async () => {
    const provider = PROVIDERS[id](baseUrls(sandbox, id));
    const exchanges = await exercise(sandbox, provider);
    const verdicts = exchanges.map((exchange) => judge.judge(exchange, realUrl(provider, exchange)));
    report(id, "Google's discovery documents", verdicts);
    const operations = new Set(verdicts.map((v) => v.operation));
    expect(verdicts.length).toBeGreaterThan(3);
    expect(operations).not.toContain(null);
    expect(verdicts.flatMap((v) => v.violations)).toEqual([]);
  });
});

it('should catch what Google would not send or accept (the check can fail)', () => {
  const exchange = (path: string, query: string, body: unknown): Exchange => ({
    method: 'GET',
    path,
    query: new URLSearchParams(query),
    requestBody: undefined,
    status: 200,
    body,
  });
  const drive = 'https://www.googleapis.com/drive/v3';
  expect(
    judge.judge(
      exchange('/files', 'pageSize=5000&orderBy=x&fieldz=id', { files: [{ id: 'a', sizee: 1 }] }),
      `${drive}/files`,
    ).violations,
  ).toEqual([
    expect.stringContaining('pageSize=5000 > 1000'),
    expect.stringContaining('fieldz is not a parameter'),
    expect.stringContaining('must NOT have additional properties (sizee)'),
  ]);
  expect(judge.judge(exchange('/filez', '', {}), `${drive}/filez`).violations).toEqual([
    expect.stringContaining('no method'),
  ]);
});
