import { serverObservability } from './server-observability';

describe('serverObservability', () => {
  it('should work', () => {
    expect(serverObservability()).toEqual('server-observability');
  });
});
