import type { Request } from 'express';
import { ControlInputError } from './control-input';
import { errorKindForStatus, faultFromRequest, FaultInjector, MAX_FAULTS } from './faults';

const request = (body: unknown) => ({ body }) as Request;

describe('FaultInjector', () => {
  it('should answer the next `times` requests, then lets them through', () => {
    const faults = new FaultInjector();
    faults.add({ status: 503, remaining: 2 });
    expect(faults.take('/links')?.status).toBe(503);
    expect(faults.pending()).toEqual([{ status: 503, remaining: 1 }]);
    expect(faults.take('/oauth/userinfo')?.status).toBe(503);
    expect(faults.take('/links')).toBeUndefined();
    expect(faults.pending()).toEqual([]);
  });

  it('should only count requests under pathPrefix against a rule; the first matching rule is used', () => {
    const faults = new FaultInjector();
    faults.add({ status: 429, remaining: 1, pathPrefix: '/links', retryAfterSeconds: 3 });
    faults.add({ status: 500, remaining: 1 });
    expect(faults.take('/workspaces/sandbox')?.status).toBe(500);
    expect(faults.take('/workspaces/sandbox')).toBeUndefined();
    expect(faults.take('/links/count')).toMatchObject({ status: 429, retryAfterSeconds: 3 });
    expect(faults.take('/links')).toBeUndefined();
  });

  it('should cap the rules pending at once, and clears them', () => {
    const faults = new FaultInjector();
    for (let i = 0; i < MAX_FAULTS; i++) faults.add({ status: 500, remaining: 1 });
    expect(() => faults.add({ status: 500, remaining: 1 })).toThrow(ControlInputError);
    faults.clear();
    expect(faults.pending()).toEqual([]);
  });
});

describe('faultFromRequest', () => {
  it('should read status, times, retryAfterSeconds and pathPrefix', () => {
    expect(faultFromRequest(request({ status: 503, times: 2 }))).toEqual({ status: 503, remaining: 2 });
    expect(faultFromRequest(request({ status: 429, times: 1, retryAfterSeconds: 0, pathPrefix: '/links' }))).toEqual({
      status: 429,
      remaining: 1,
      retryAfterSeconds: 0,
      pathPrefix: '/links',
    });
  });

  it.each([
    [{ times: 1 }, /status is required/],
    [{ status: 399, times: 1 }, /status must be a whole number from 400 to 599/],
    [{ status: 600, times: 1 }, /status/],
    [{ status: '500', times: 1 }, /status/],
    [{ status: 500 }, /times is required/],
    [{ status: 500, times: 0 }, /times must be a whole number from 1 to 10000/],
    [{ status: 500, times: 10_001 }, /times/],
    [{ status: 500, times: 1.5 }, /times/],
    [{ status: 500, times: 1, retryAfterSeconds: -1 }, /retryAfterSeconds/],
    [{ status: 500, times: 1, pathPrefix: 'links' }, /pathPrefix must start with "\/"/],
    [{ status: 500, times: 1, pathPrefix: 3 }, /pathPrefix must be a string/],
    [{ status: 500, times: 1, path: '/links' }, /Unknown field\(s\): path/],
    [[500], /JSON object/],
  ])('should refuse %j', (body, message) => {
    expect(() => faultFromRequest(request(body))).toThrow(message);
  });
});

describe('errorKindForStatus', () => {
  it('should map statuses to the provider error kinds', () => {
    expect([401, 403, 404, 429, 500, 503, 599, 400, 418, 422].map(errorKindForStatus)).toEqual([
      'unauthorized',
      'forbidden',
      'not_found',
      'rate_limited',
      'internal',
      'internal',
      'internal',
      'bad_request',
      'bad_request',
      'bad_request',
    ]);
  });
});
