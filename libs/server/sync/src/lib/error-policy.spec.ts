import { INTEGRATION_ERROR_CODES } from '@hub/server/integrations/core';
import { NEEDS_A_PERSON, SYNC_ERROR_POLICY, TOKEN_REFRESH_POLICY } from './error-policy';

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

describe('TOKEN_REFRESH_POLICY', () => {
  it('should leave the connection as it is when the token endpoint is only temporarily unable, and need a person otherwise', () => {
    expect(TOKEN_REFRESH_POLICY.unavailable).toEqual({ error: 'TEMPORARY', connection: null });
    expect(TOKEN_REFRESH_POLICY.rate_limited).toEqual({ error: 'RATE_LIMITED', connection: null });
    expect(TOKEN_REFRESH_POLICY.grant_revoked.connection).toEqual({ status: 'ERROR', reason: 'NEEDS_REAUTH' });
    expect(TOKEN_REFRESH_POLICY.refused.connection).toEqual({ status: 'ERROR', reason: 'REFRESH_FAILING' });
  });

  it('should give the caller the error the sync policy stops on whenever the connection needs a person', () => {
    for (const [failure, policy] of Object.entries(TOKEN_REFRESH_POLICY)) {
      const sync = SYNC_ERROR_POLICY[policy.error];
      expect({ failure, stops: sync.action === 'stop' }).toEqual({ failure, stops: policy.connection !== null });
    }
  });
});

describe('NEEDS_A_PERSON', () => {
  it('should hold the reasons a sync stops at, and not the temporary ones a sync may recover from', () => {
    expect([...NEEDS_A_PERSON].sort()).toEqual(['INSUFFICIENT_SCOPE', 'INVALID_CONFIG', 'NEEDS_REAUTH']);
    expect(NEEDS_A_PERSON.has('PROVIDER_UNAVAILABLE')).toBe(false);
    expect(NEEDS_A_PERSON.has('REFRESH_FAILING')).toBe(false);
  });
});
