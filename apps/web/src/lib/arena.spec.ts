import type { ArenaState } from '@dz/contracts';
import { ArenaHolder } from './arena';

const state = (seq: number) => ({ seq, eventId: 'e' }) as unknown as ArenaState;

describe(ArenaHolder.name, () => {
  it('should apply only a state with a higher seq than the one held', () => {
    const holder = new ArenaHolder();
    expect(holder.offer(null)).toBe(false);
    expect(holder.offer(state(3))).toBe(true);
    expect(holder.offer(state(3))).toBe(false);
    expect(holder.offer(state(2))).toBe(false);
    expect(holder.seq).toBe(3);
    expect(holder.offer(state(5))).toBe(true);
    expect(holder.seq).toBe(5);
  });
});
