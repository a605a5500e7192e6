import { throttleAnswer } from './graph-throttle';

describe('throttleAnswer', () => {
  it('should answer 429 with the workload’s code, its inner code and a fractional Retry-After', () => {
    expect(throttleAnswer({ status: 429, code: 'activityLimitReached', retryAfterSeconds: 2.128 })).toEqual({
      status: 429,
      code: 'activityLimitReached',
      message: 'The request has been throttled',
      innerCode: 'throttledRequest',
      headers: { 'Retry-After': '2.128' },
    });
    expect(throttleAnswer({ status: 429, code: 'TooManyRequests', retryAfterSeconds: 3 })).toMatchObject({
      code: 'TooManyRequests',
      message: 'Please retry again later.',
      innerCode: '429',
      headers: { 'Retry-After': '3' },
    });
  });

  it('should answer 503 serviceNotAvailable, and no Retry-After when there is none', () => {
    expect(throttleAnswer({ status: 503, code: 'TooManyRequests', retryAfterSeconds: null })).toEqual({
      status: 503,
      code: 'serviceNotAvailable',
      message: expect.any(String),
    });
  });
});
