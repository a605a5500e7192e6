import { INTEGRATION_ERROR_CODES } from '@hub/server/integrations/core';
import { SYNC_ERROR_POLICY } from './error-policy';

describe('SYNC_ERROR_POLICY', () => {
  it('should decide for every IntegrationError code', () => {
    expect(Object.keys(SYNC_ERROR_POLICY).sort()).toEqual([...INTEGRATION_ERROR_CODES].sort());
  });

  it('should never retry what needs a person, and say which reason the card shows', () => {
    expect(SYNC_ERROR_POLICY.AUTH_REVOKED).toEqual({
      action: 'stop',
      connection: { status: 'ERROR', reason: 'NEEDS_REAUTH' },
    });
    expect(SYNC_ERROR_POLICY.INSUFFICIENT_SCOPE.action).toBe('stop');
    expect(SYNC_ERROR_POLICY.INVALID_CONFIG.action).toBe('stop');
  });

  it('should wait out rate limits without spending an attempt or marking the connection', () => {
    expect(SYNC_ERROR_POLICY.RATE_LIMITED).toEqual({ action: 'delay', connection: null });
  });

  it('should retry temporary and unknown failures, and start over on a bad cursor', () => {
    expect(SYNC_ERROR_POLICY.TEMPORARY.action).toBe('retry');
    expect(SYNC_ERROR_POLICY.UNKNOWN.action).toBe('retry');
    expect(SYNC_ERROR_POLICY.CURSOR_INVALID.action).toBe('restart');
  });
});
