import { type Answer, ApiContract } from './api-contract';

const CONNECTION_ID = '3f0b8c1e-2a4d-4e6f-8a9b-0c1d2e3f4a5b';

function answer(overrides: Partial<Answer>): Answer {
  const body = overrides.body;
  return {
    method: 'GET',
    path: `/api/connections/${CONNECTION_ID}/sync-runs`,
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r1' },
    body,
    rawBody: body === undefined ? '' : JSON.stringify(body),
    ...overrides,
  };
}

/** A sync run as the server sends it. */
const run = {
  id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  connectionId: CONNECTION_ID,
  providerId: 'dub',
  trigger: 'MANUAL',
  status: 'SUCCEEDED',
  counts: { added: 1, updated: 0, unchanged: 0, deleted: 0 },
  pages: 1,
  resource: null,
  queuedAt: '2026-12-07T10:00:00.000Z',
  startedAt: '2026-12-07T10:00:01.000Z',
  finishedAt: null,
  retryAt: null,
  error: null,
  cancelRequested: false,
};

describe('ApiContract (the judge of the contract tier)', () => {
  const contract = new ApiContract();

  it('should accept an answer the document describes, nulls included', () => {
    expect(contract.judge(answer({ body: [run] }))).toEqual({ operationId: 'listSyncRuns', violations: [] });
  });

  it('should name an undeclared property', () => {
    const { violations } = contract.judge(answer({ body: [{ ...run, secret: 'x' }] }));
    expect(violations).toEqual([expect.stringContaining('must NOT have additional properties (secret)')]);
  });

  it('should refuse null where the document does not allow it, and a missing required property', () => {
    const withoutCounts: Partial<typeof run> = { ...run, providerId: null as unknown as string };
    delete withoutCounts.counts;
    const { violations } = contract.judge(answer({ body: [withoutCounts] }));
    expect(violations.join('\n')).toMatch(/providerId must be string/);
    expect(violations.join('\n')).toMatch(/must have required property 'counts'/);
  });

  it('should refuse a status the operation does not document', () => {
    const { violations } = contract.judge(answer({ status: 418, body: {} }));
    expect(violations).toEqual([expect.stringContaining('status not documented')]);
  });

  it('should refuse a content type the status does not document', () => {
    const { violations } = contract.judge(
      answer({ status: 404, headers: { 'content-type': 'text/html' }, rawBody: '<p>no</p>' }),
    );
    expect(violations).toEqual([expect.stringContaining('content type text/html not documented')]);
  });

  it('should refuse a path the document has no operation for, unless the router refused it', () => {
    expect(contract.judge(answer({ path: '/api/nowhere', body: {} })).violations).toEqual([
      expect.stringContaining('no such operation'),
    ]);
    const problem = {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No route.',
      instance: '/api/nowhere',
      requestId: 'r1',
    };
    const refused = answer({
      path: '/api/nowhere',
      status: 404,
      headers: { 'content-type': 'application/problem+json' },
      body: problem,
    });
    expect(contract.judge(refused).violations).toEqual([]);
  });

  it('should check each server-sent event against its documented data schema', () => {
    const stream = (events: string) =>
      answer({ path: '/api/events', headers: { 'content-type': 'text/event-stream' }, rawBody: events });
    const good = `event: sync.run\ndata: ${JSON.stringify({ type: 'sync.run', connectionId: CONNECTION_ID, providerId: 'dub', runId: run.id, status: 'RUNNING', trigger: 'MANUAL', counts: run.counts, pages: 1, resource: 'links', error: null })}\n\nevent: ping\ndata: \n\n`;
    expect(contract.judge(stream(good)).violations).toEqual([]);
    expect(contract.judge(stream('event: surprise\ndata: {}\n\n')).violations).toEqual([
      expect.stringContaining('event surprise not documented'),
    ]);
  });

  it('should know every operation by its operationId, with a literal path beating a template', () => {
    expect(contract.operations).toHaveLength(43);
    expect(contract.operationFor('POST', '/api/invitations/accept')?.operationId).toBe('acceptInvitation');
  });
});
