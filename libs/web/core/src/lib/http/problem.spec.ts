import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { problemOf } from './problem';

describe('problemOf', () => {
  it('should read an RFC 9457 problem with field errors', () => {
    const error = new HttpErrorResponse({
      status: 400,
      statusText: 'Bad Request',
      error: {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'The request has 1 invalid field.',
        instance: '/api/connections/42',
        requestId: 'r-1',
        errors: [{ field: 'host', message: 'host must not be empty' }],
      },
    });

    expect(problemOf(error)).toEqual({
      status: 400,
      title: 'Bad Request',
      detail: 'The request has 1 invalid field.',
      errors: [{ field: 'host', message: 'host must not be empty' }],
    });
  });

  it('should parse a problem that arrived as text', () => {
    const error = new HttpErrorResponse({
      status: 404,
      error: JSON.stringify({ title: 'Not Found', detail: 'No such connection.' }),
    });
    expect(problemOf(error).detail).toBe('No such connection.');
  });

  it('should explain a network failure in words', () => {
    const problem = problemOf(new HttpErrorResponse({ status: 0 }));
    expect(problem.status).toBe(0);
    expect(problem.detail).toMatch(/could not be reached/);
  });

  it('should give a human message for a 5xx without a problem body', () => {
    const problem = problemOf(new HttpErrorResponse({ status: 502, statusText: 'Bad Gateway', error: '<html>' }));
    expect(problem).toMatchObject({ status: 502, title: 'Bad Gateway', errors: [] });
    expect(problem.detail).toMatch(/went wrong on our side/);
  });

  it('should name the retry time of a 429 without a problem body', () => {
    const problem = problemOf(
      new HttpErrorResponse({
        status: 429,
        headers: new HttpHeaders({ 'Retry-After': '30' }),
      }),
    );
    expect(problem.detail).toBe('Too many requests. Try again in 30 seconds.');
  });

  it('should ignore malformed field errors', () => {
    const problem = problemOf(
      new HttpErrorResponse({
        status: 422,
        error: { detail: 'Invalid', errors: [{ field: 1 }, 'x', { field: 'port', message: 'too big' }] },
      }),
    );
    expect(problem.errors).toEqual([{ field: 'port', message: 'too big' }]);
  });

  it('should wrap anything else that was thrown', () => {
    expect(problemOf(new Error('boom'))).toEqual({
      status: 0,
      title: 'Error',
      detail: 'boom',
      errors: [],
    });
  });
});
