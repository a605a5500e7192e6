import pino from 'pino';
import { Writable } from 'node:stream';
import { REDACTED_PATHS, redactUrl } from './redaction';

function logLine(object: object): string {
  let out = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk.toString()), done()) });
  pino({ redact: { paths: REDACTED_PATHS, censor: '[Redacted]' } }, sink).info(object, 'message');
  return out;
}

describe('log redaction', () => {
  it('should hide secret fields at the top level and three levels down', () => {
    const line = logLine({
      password: 'canary-1',
      credentials: { accessToken: 'canary-2', nested: { refresh_token: 'canary-3', deeper: { client_secret: 'canary-4' } } },
      headers: { authorization: 'Bearer canary-5', cookie: 'sid=canary-6', 'set-cookie': 'canary-7' },
    });
    expect(line).not.toMatch(/canary/);
    expect(line.match(/\[Redacted\]/g)).toHaveLength(7);
  });

  it('should keep ordinary fields', () => {
    expect(JSON.parse(logLine({ connectionId: 'c1', provider: 'dub' }))).toMatchObject({ connectionId: 'c1', provider: 'dub' });
  });

  it('should hide the values of secret query parameters in URLs', () => {
    expect(redactUrl('/api/integrations/dub/callback?code=abc&state=xyz&iss=https%3A%2F%2Fdub.co')).toBe(
      '/api/integrations/dub/callback?code=[Redacted]&state=[Redacted]&iss=https%3A%2F%2Fdub.co',
    );
    expect(redactUrl('/api/health')).toBe('/api/health');
  });
});
