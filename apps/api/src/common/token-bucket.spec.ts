import { TokenBucket } from './token-bucket';

describe(TokenBucket.name, () => {
  it('should allow a burst, then refill at the rate', () => {
    const bucket = new TokenBucket(20, 40, 0);
    const burst = Array.from({ length: 50 }, () => bucket.take(0));
    expect(burst.filter(Boolean)).toHaveLength(40);
    expect(bucket.take(49)).toBe(false);
    expect(bucket.take(50)).toBe(true);
    // A second later: 20 more, not more than that.
    const later = Array.from({ length: 30 }, () => bucket.take(1050));
    expect(later.filter(Boolean)).toHaveLength(20);
  });

  it('should never hold more than the burst, and ignore a clock going backwards', () => {
    const bucket = new TokenBucket(20, 40, 0);
    expect(Array.from({ length: 60 }, () => bucket.take(3_600_000)).filter(Boolean)).toHaveLength(40);
    expect(bucket.take(1000)).toBe(false);
  });
});
