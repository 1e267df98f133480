import { AggregationMethod, AspectKind, MarkKind, MarkValue } from '@dz/contracts';
import fc from 'fast-check';
import { toHundredths } from './hundredths';
import { MARK_RECORD_KINDS } from './mark-chain';
import { AGGREGATION_METHODS, ASPECT_KINDS } from './marking-scheme';

// libs/domain takes these lists from libs/contracts, and the contracts check mark values without
// the domain's toHundredths (they cannot import it back); this spec keeps the two agreeing.
describe('judging contracts agree with the domain', () => {
  it('should list the same aspect kinds, methods and record kinds', () => {
    expect(AspectKind.options).toEqual([...ASPECT_KINDS]);
    expect(AggregationMethod.options).toEqual([...AGGREGATION_METHODS]);
    expect(MarkKind.options).toEqual([...MARK_RECORD_KINDS]);
  });

  it('should accept a mark value exactly when toHundredths does', () => {
    const accepts = (v: number) => {
      try {
        toHundredths(v);
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100), fc.double({ min: 0, max: 100_000, noNaN: true })), (v) => {
        expect(MarkValue.safeParse(v).success).toBe(accepts(v) && v <= 100_000);
      }),
    );
  });
});
