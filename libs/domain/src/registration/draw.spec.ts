import { createHash } from 'node:crypto';

import fc from 'fast-check';

import {
  createDrawStream,
  DRAW_ALGORITHM,
  DRAW_ALGORITHM_DESCRIPTION,
  type DrawResult,
  type DrawStream,
  formatDrawCode,
  isValidDrawSeed,
  runDraw,
  seedCommitment,
  shuffleWithStream,
  uniformInt,
  verifySeedCommitment,
} from './draw';

const hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Deterministic seeds for tests: SHA-256 of a label, 64 lowercase hex characters. */
const seedOf = (i: number | string) => hex(`test-seed-${i}`);
const SEED = seedOf('fixed');

const seedArb = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => Buffer.from(bytes).toString('hex'));
const idsArb = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 40 });

/** A stream that replays fixed words, and counts how many were taken. */
function fixedStream(words: number[]): DrawStream & { taken: () => number } {
  let i = 0;
  return {
    nextUint32: () => {
      if (i >= words.length) {
        throw new Error('stream exhausted');
      }
      return words[i++];
    },
    taken: () => i,
  };
}

/**
 * An independent implementation written from DRAW_ALGORITHM_DESCRIPTION with node:crypto and
 * BigInt arithmetic, to check that the description and the code say the same thing.
 */
function referenceDraw(seed: string, entryIds: string[], twoStage: boolean, prefix = 'J') {
  const stream = (label: string) => {
    const buffer: bigint[] = [];
    let k = 0;
    return () => {
      if (buffer.length === 0) {
        const digest = createHash('sha256').update(`${seed}:${label}:${k}`, 'utf8').digest();
        k += 1;
        for (let w = 0; w < 8; w += 1) {
          buffer.push(BigInt(digest.readUInt32BE(w * 4)));
        }
      }
      return buffer.shift() as bigint;
    };
  };
  const uniform = (next: () => bigint, m: number) => {
    const big = BigInt(m);
    const limit = 2n ** 32n - ((2n ** 32n) % big);
    for (;;) {
      const x = next();
      if (x < limit) {
        return Number(x % big);
      }
    }
  };
  const shuffle = <T>(items: T[], label: string) => {
    const next = stream(label);
    const a = [...items];
    for (let i = a.length - 1; i >= 1; i -= 1) {
      const j = uniform(next, i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  };
  const E = [...entryIds].sort();
  const n = E.length;
  const width = Math.max(3, String(n).length);
  const codes = (label: string, p: string) =>
    shuffle(
      E.map((_, i) => i + 1),
      label,
    ).map((k) => p + String(k).padStart(width, '0'));
  const stations = shuffle(E, 'workstation');
  const judging = codes('judging-code', prefix);
  const checkin = twoStage ? codes('checkin-code', 'C') : null;
  return {
    algorithm: 'dz-draw-v1',
    seedCommitment: hex(seed),
    assignments: stations.map((entryId, p) => ({
      entryId,
      workstation: p + 1,
      judgingCode: judging[E.indexOf(entryId)],
      checkinCode: checkin === null ? null : checkin[E.indexOf(entryId)],
    })),
  };
}

const permutationKey = (result: DrawResult) => result.assignments.map((a) => a.entryId).join(',');
const byEntry = (result: DrawResult) =>
  [...result.assignments].sort((x, y) => (x.entryId < y.entryId ? -1 : 1));

describe('isValidDrawSeed', () => {
  it.each([
    [SEED, true],
    ['0'.repeat(64), true],
    ['f'.repeat(64), true],
    ['F'.repeat(64), false],
    ['0'.repeat(63), false],
    ['0'.repeat(65), false],
    [`${'0'.repeat(63)}g`, false],
    [` ${'0'.repeat(63)}`, false],
    ['', false],
  ])('should judge %p as %p', (seed, valid) => {
    expect(isValidDrawSeed(seed)).toBe(valid);
  });
});

describe('seedCommitment', () => {
  it('should be SHA-256 of the seed text', () => {
    expect(seedCommitment('0'.repeat(64))).toBe(hex('0'.repeat(64)));
    expect(seedCommitment('0'.repeat(64))).toBe(
      '60e05bd1b195af2f94112fa7197a5c88289058840ce7c6df9693756bc6250f55',
    );
  });

  it.each(['', 'abc', 'A'.repeat(64), '0'.repeat(62)])('should refuse the seed %p', (seed) => {
    expect(() => seedCommitment(seed)).toThrow('抽签种子应为 64 位小写十六进制字符（32 字节）');
  });

  it('should match node:crypto and be verifiable for any seed', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const commitment = seedCommitment(seed);
        expect(commitment).toBe(hex(seed));
        expect(verifySeedCommitment(seed, commitment)).toBe(true);
        expect(verifySeedCommitment(seed, commitment.toUpperCase())).toBe(true);
      }),
    );
  });

  it('should not verify another seed against a commitment', () => {
    expect(verifySeedCommitment(seedOf(1), seedCommitment(seedOf(2)))).toBe(false);
    expect(verifySeedCommitment('nonsense', hex('nonsense'))).toBe(false);
  });
});

describe('createDrawStream', () => {
  it('should read each block as eight big-endian words, block after block', () => {
    const stream = createDrawStream(SEED, 'workstation');
    const words = Array.from({ length: 20 }, () => stream.nextUint32());
    const expected = [0, 1, 2].flatMap((k) => {
      const digest = createHash('sha256').update(`${SEED}:workstation:${k}`).digest();
      return Array.from({ length: 8 }, (_, w) => digest.readUInt32BE(w * 4));
    });
    expect(words).toEqual(expected.slice(0, 20));
  });

  it('should give different streams for different labels', () => {
    const a = createDrawStream(SEED, 'workstation').nextUint32();
    const b = createDrawStream(SEED, 'judging-code').nextUint32();
    expect(a).not.toBe(b);
  });

  it('should refuse a malformed seed', () => {
    expect(() => createDrawStream('xyz', 'workstation')).toThrow(RangeError);
  });
});

describe('uniformInt', () => {
  it.each([
    // [n, words, expected, words taken]
    [3, [7], 1, 1],
    // 2^32 mod 3 = 1, so the limit is 2^32 − 1 and 0xffffffff is rejected.
    [3, [0xffffffff, 5], 2, 2],
    [3, [0xfffffffe], 0xfffffffe % 3, 1],
    // 2^32 mod 10 = 6: 4294967290 … 4294967295 are rejected.
    [10, [4294967290, 4294967295, 4294967289], 9, 3],
    [2, [0xffffffff], 1, 1],
    [1, [123], 0, 1],
    [2 ** 32, [0xffffffff], 0xffffffff, 1],
    [6, [2 ** 31], 2 ** 31 % 6, 1],
  ])('should draw from [0, %i) with words %j', (n, words, expected, taken) => {
    const stream = fixedStream(words);
    expect(uniformInt(stream, n)).toBe(expected);
    expect(stream.taken()).toBe(taken);
  });

  it.each([0, -1, 1.5, 2 ** 32 + 1, Number.NaN])('should refuse the range %p', (n) => {
    expect(() => uniformInt(fixedStream([1]), n)).toThrow(RangeError);
  });

  it('should stay in range and never use a word at or above the limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 32 }),
        fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 1, maxLength: 5 }),
        (n, words) => {
          const limit = 2 ** 32 - (2 ** 32 % n);
          const firstAccepted = words.find((w) => w < limit);
          fc.pre(firstAccepted !== undefined);
          const value = uniformInt(fixedStream(words), n);
          expect(value).toBe((firstAccepted as number) % n);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(n);
        },
      ),
    );
  });
});

describe('shuffleWithStream', () => {
  it('should swap from the last index down with j drawn from [0, i]', () => {
    // n = 4: i = 3 draws j from [0, 4), i = 2 from [0, 3), i = 1 from [0, 2).
    const stream = fixedStream([1, 2, 1]);
    // i=3, j=1: [a, d, c, b]; i=2, j=2: unchanged; i=1, j=1: unchanged.
    expect(shuffleWithStream(['a', 'b', 'c', 'd'], stream)).toEqual(['a', 'd', 'c', 'b']);
    expect(stream.taken()).toBe(3);
  });

  it('should take nothing from the stream for zero or one item', () => {
    const stream = fixedStream([]);
    expect(shuffleWithStream([], stream)).toEqual([]);
    expect(shuffleWithStream(['only'], stream)).toEqual(['only']);
    expect(stream.taken()).toBe(0);
  });

  it('should return a permutation and leave its input alone', () => {
    fc.assert(
      fc.property(seedArb, fc.array(fc.integer(), { maxLength: 50 }), (seed, items) => {
        const copy = [...items];
        const shuffled = shuffleWithStream(items, createDrawStream(seed, 'x'));
        expect(items).toEqual(copy);
        expect([...shuffled].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });
});

describe('formatDrawCode', () => {
  it.each([
    ['J', 7, 30, 'J007'],
    ['J', 30, 30, 'J030'],
    ['J', 1, 999, 'J001'],
    ['J', 42, 1000, 'J0042'],
    ['C', 12345, 12345, 'C12345'],
    ['', 5, 5, '005'],
    ['HG-', 9, 10, 'HG-009'],
  ])('should format %p + %i of %i as %p', (prefix, k, n, code) => {
    expect(formatDrawCode(prefix, k, n)).toBe(code);
  });
});

describe('runDraw', () => {
  const IDS = ['entry-c', 'entry-a', 'entry-e', 'entry-b', 'entry-d'];

  it('should give a fixed result for a fixed seed (regression)', () => {
    const result = runDraw({ seedHex: '0'.repeat(64), entryIds: IDS, twoStage: true });
    // Recorded once and confirmed by referenceDraw; a change here would break every published
    // draw, so it needs a new algorithm version instead.
    expect(result).toEqual({
      algorithm: 'dz-draw-v1',
      seedCommitment: '60e05bd1b195af2f94112fa7197a5c88289058840ce7c6df9693756bc6250f55',
      assignments: [
        { entryId: 'entry-b', workstation: 1, judgingCode: 'J002', checkinCode: 'C001' },
        { entryId: 'entry-d', workstation: 2, judgingCode: 'J003', checkinCode: 'C005' },
        { entryId: 'entry-c', workstation: 3, judgingCode: 'J005', checkinCode: 'C002' },
        { entryId: 'entry-e', workstation: 4, judgingCode: 'J001', checkinCode: 'C004' },
        { entryId: 'entry-a', workstation: 5, judgingCode: 'J004', checkinCode: 'C003' },
      ],
    });
    expect(result).toEqual(referenceDraw('0'.repeat(64), IDS, true));
  });

  it('should agree with the independent implementation of the published description', () => {
    fc.assert(
      fc.property(
        seedArb,
        idsArb,
        fc.boolean(),
        fc.constantFrom('J', 'HG', ''),
        (seed, ids, twoStage, prefix) => {
          expect(runDraw({ seedHex: seed, entryIds: ids, twoStage, codePrefix: prefix })).toEqual(
            referenceDraw(seed, ids, twoStage, prefix),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('should agree with the reference on a large draw (code width 4)', () => {
    const ids = Array.from({ length: 1200 }, (_, i) => `e-${hex(String(i)).slice(0, 12)}`);
    const result = runDraw({ seedHex: SEED, entryIds: ids, twoStage: true, codePrefix: 'K' });
    expect(result).toEqual(referenceDraw(SEED, ids, true, 'K'));
    expect(result.assignments[0].judgingCode).toMatch(/^K\d{4}$/);
    expect(result.assignments[0].checkinCode).toMatch(/^C\d{4}$/);
  });

  it('should draw nothing for no entries, and workstation 1 for one', () => {
    expect(runDraw({ seedHex: SEED, entryIds: [], twoStage: true })).toEqual({
      algorithm: DRAW_ALGORITHM,
      seedCommitment: hex(SEED),
      assignments: [],
    });
    expect(runDraw({ seedHex: SEED, entryIds: ['solo'], twoStage: true }).assignments).toEqual([
      { entryId: 'solo', workstation: 1, judgingCode: 'J001', checkinCode: 'C001' },
    ]);
  });

  it('should give check-in codes only when two-stage, without changing the rest', () => {
    const one = runDraw({ seedHex: SEED, entryIds: IDS, twoStage: false });
    const two = runDraw({ seedHex: SEED, entryIds: IDS, twoStage: true });
    expect(one.assignments.every((a) => a.checkinCode === null)).toBe(true);
    expect(two.assignments.every((a) => /^C\d{3}$/.test(a.checkinCode ?? ''))).toBe(true);
    expect(one.assignments).toEqual(two.assignments.map((a) => ({ ...a, checkinCode: null })));
  });

  it('should use the prefix for judging codes only', () => {
    const result = runDraw({ seedHex: SEED, entryIds: IDS, twoStage: true, codePrefix: 'HJ' });
    expect(result.assignments.every((a) => /^HJ\d{3}$/.test(a.judgingCode))).toBe(true);
    expect(result.assignments.every((a) => /^C\d{3}$/.test(a.checkinCode ?? ''))).toBe(true);
  });

  it('should refuse a repeated entry id', () => {
    expect(() => runDraw({ seedHex: SEED, entryIds: ['a', 'b', 'a'], twoStage: false })).toThrow(
      '参加抽签的报名编号重复：a',
    );
  });

  it('should refuse a malformed seed', () => {
    const input = { seedHex: SEED.toUpperCase(), entryIds: IDS, twoStage: false };
    expect(() => runDraw(input)).toThrow(RangeError);
  });

  it('should give the same result for the same inputs, whatever their order', () => {
    fc.assert(
      fc.property(
        seedArb,
        idsArb.chain((ids) =>
          fc.tuple(fc.constant(ids), fc.shuffledSubarray(ids, { minLength: ids.length })),
        ),
        fc.boolean(),
        (seed, [ids, reordered], twoStage) => {
          const a = runDraw({ seedHex: seed, entryIds: ids, twoStage });
          expect(runDraw({ seedHex: seed, entryIds: ids, twoStage })).toEqual(a);
          expect(runDraw({ seedHex: seed, entryIds: reordered, twoStage })).toEqual(a);
        },
      ),
    );
  });

  it('should assign each entry once, workstations 1…n in order, and unique codes', () => {
    fc.assert(
      fc.property(seedArb, idsArb, fc.boolean(), (seed, ids, twoStage) => {
        const result = runDraw({ seedHex: seed, entryIds: ids, twoStage });
        const n = ids.length;
        const width = Math.max(3, String(n).length);
        const numbers = Array.from({ length: n }, (_, i) => i + 1);
        const codeNumbers = (codes: (string | null)[]) =>
          codes.map((c) => Number((c ?? '').slice(1))).sort((x, y) => x - y);
        expect(result.seedCommitment).toBe(hex(seed));
        expect(result.assignments.map((a) => a.workstation)).toEqual(numbers);
        expect(result.assignments.map((a) => a.entryId).sort()).toEqual([...ids].sort());
        const judging = result.assignments.map((a) => a.judgingCode);
        expect(new Set(judging).size).toBe(n);
        expect(codeNumbers(judging)).toEqual(numbers);
        expect(judging.every((c) => c.length === 1 + width)).toBe(true);
        const checkin = result.assignments.map((a) => a.checkinCode);
        if (twoStage) {
          expect(codeNumbers(checkin)).toEqual(numbers);
        } else {
          expect(checkin.every((c) => c === null)).toBe(true);
        }
      }),
    );
  });

  it('should (almost always) order workstations differently under different seeds', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `entry-${i}`);
    fc.assert(
      fc.property(seedArb, seedArb, (a, b) => {
        fc.pre(a !== b);
        // 12! ≈ 4.8e8 orders: a collision would be a one-in-hundreds-of-millions event.
        const first = runDraw({ seedHex: a, entryIds: ids, twoStage: false });
        const second = runDraw({ seedHex: b, entryIds: ids, twoStage: false });
        expect(permutationKey(first)).not.toBe(permutationKey(second));
      }),
    );
  });

  it('should not tie the judging codes to the workstations', () => {
    // Over many seeds, the entry on workstation 1 should get each code, not always the same.
    const ids = ['a', 'b', 'c'];
    const codesOnStationOne = new Set<string>();
    for (let i = 0; i < 60; i += 1) {
      const result = runDraw({ seedHex: seedOf(i), entryIds: ids, twoStage: false });
      codesOnStationOne.add(result.assignments[0].judgingCode);
    }
    expect([...codesOnStationOne].sort()).toEqual(['J001', 'J002', 'J003']);
  });

  it.each([
    ['workstation orders', (r: DrawResult) => permutationKey(r)],
    ['judging codes', (r: DrawResult) => byEntry(r).map((a) => a.judgingCode).join(',')],
    ['check-in codes', (r: DrawResult) => byEntry(r).map((a) => a.checkinCode).join(',')],
  ])('should spread the %s of three entries evenly over the six permutations', (_label, key) => {
    const draws = 6000;
    const counts = new Map<string, number>();
    for (let i = 0; i < draws; i += 1) {
      const result = runDraw({ seedHex: seedOf(i), entryIds: ['x', 'y', 'z'], twoStage: true });
      const k = key(result);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const expected = draws / 6;
    const chiSquare = [...counts.values()].reduce(
      (sum, c) => sum + (c - expected) ** 2 / expected,
      0,
    );
    // 5 degrees of freedom: P(χ² > 20.5) ≈ 0.001. The seeds are fixed, so this cannot flake.
    expect(chiSquare).toBeLessThan(20.5);
  });

  it('should place each entry on each workstation about equally often (n = 5)', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const draws = 5000;
    const counts = ids.map(() => [0, 0, 0, 0, 0]);
    for (let i = 0; i < draws; i += 1) {
      const result = runDraw({ seedHex: seedOf(`n5-${i}`), entryIds: ids, twoStage: false });
      for (const a of result.assignments) {
        counts[ids.indexOf(a.entryId)][a.workstation - 1] += 1;
      }
    }
    // Expected 1000 per cell, σ ≈ 28; allow ±150 (more than 5σ).
    for (const row of counts) {
      for (const c of row) {
        expect(Math.abs(c - draws / 5)).toBeLessThan(150);
      }
    }
  });
});

describe('DRAW_ALGORITHM_DESCRIPTION', () => {
  it('should state every parameter a re-implementation needs, in Chinese', () => {
    for (const fact of [
      'dz-draw-v1',
      'SHA-256',
      '64 位小写十六进制',
      'S:L:k',
      '大端序',
      '32 位无符号整数',
      '2^32 − (2^32 mod m)',
      'Fisher–Yates',
      'n−1 递减到 1',
      '「workstation」',
      '「judging-code」',
      '「checkin-code」',
      'max(3, n 的十进制位数)',
      'J007',
      '「C」',
      '升序',
    ]) {
      expect(DRAW_ALGORITHM_DESCRIPTION).toContain(fact);
    }
    expect(DRAW_ALGORITHM_DESCRIPTION).toMatch(/[\u4e00-\u9fff]/);
  });
});
