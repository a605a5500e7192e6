import { RequestLog } from './request-log';

describe('RequestLog', () => {
  const entry = (n: number) => ({ at: n, method: 'GET', path: `/r${n}`, status: 200 });

  it('should list what it holds oldest first', () => {
    const log = new RequestLog(3);
    expect(log.list()).toEqual([]);
    log.add(entry(1));
    log.add(entry(2));
    expect(log.list().map((e) => e.at)).toEqual([1, 2]);
  });

  it('should keep only the last `capacity` entries, across many wrap-arounds', () => {
    const log = new RequestLog(3);
    for (let n = 1; n <= 10; n++) log.add(entry(n));
    expect(log.list().map((e) => e.at)).toEqual([8, 9, 10]);
    log.add(entry(11));
    expect(log.list().map((e) => e.at)).toEqual([9, 10, 11]);
  });

  it('should start empty again after clear', () => {
    const log = new RequestLog(2);
    log.add(entry(1));
    log.add(entry(2));
    log.add(entry(3));
    log.clear();
    expect(log.list()).toEqual([]);
    log.add(entry(4));
    expect(log.list()).toEqual([entry(4)]);
  });
});
