import { sha256, sha256Hex, utf8Encode } from './sha256';

/**
 * The draw (抽签) of workstations and the anonymous codes (加密编号) for blind judging, made
 * reproducible and auditable with a commit-and-reveal seed:
 *
 * 1. Before the draw the server generates a secret seed (32 random bytes, written as 64
 *    lowercase hex characters) and publishes only its commitment, SHA-256 of that text.
 * 2. The draw is a pure function of the seed and the entry ids, so the result is fixed the moment
 *    the commitment is published; nobody can re-roll it without changing the commitment.
 * 3. Afterwards the seed is revealed; anyone can check it against the commitment and recompute
 *    the whole draw from DRAW_ALGORITHM_DESCRIPTION, with this file or their own code.
 *
 * The caller supplies the randomness (libs/domain has no Math.random or crypto).
 */

export const DRAW_ALGORITHM = 'dz-draw-v1';

/** Stream labels, one independent random stream per purpose. */
export const DRAW_LABELS = {
  workstation: 'workstation',
  judgingCode: 'judging-code',
  checkinCode: 'checkin-code',
} as const;

export const DEFAULT_JUDGING_CODE_PREFIX = 'J';
export const CHECKIN_CODE_PREFIX = 'C';

/** Codes are zero-padded to at least this many digits (J001), more for n ≥ 1000. */
export const MIN_CODE_DIGITS = 3;

const SEED = /^[0-9a-f]{64}$/;
const TWO_POW_32 = 2 ** 32;

/** A published description of the algorithm, precise enough to re-implement it (zh-CN). */
export const DRAW_ALGORITHM_DESCRIPTION = [
  '抽签算法（dz-draw-v1）说明：',
  '（1）抽签前，系统生成 32 字节的随机种子，写成 64 位小写十六进制字符串 S，并先行公布承诺值 C = SHA-256(S)',
  '（对 S 的 UTF-8 字节计算，结果写成 64 位小写十六进制）；抽签后公布 S，任何人均可核对 SHA-256(S) 是否等于 C。',
  '（2）将参加抽签的全部报名编号按字符串升序（逐个比较 UTF-16 编码单元）排列，记为 E[0]…E[n−1]，',
  '因此结果与报名编号的提交顺序无关。',
  '（3）随机数流：对标签 L，依次取 k = 0, 1, 2, …，计算字符串「S:L:k」（k 为不带前导零的十进制数，',
  '各部分以英文冒号连接）的 SHA-256，将 32 字节摘要按大端序切分为 8 个 32 位无符号整数，按顺序取用。',
  '（4）取 [0, m) 内的均匀随机整数：令 limit = 2^32 − (2^32 mod m)，从随机数流取下一个数 x，',
  '若 x ≥ limit 则舍弃并继续取，否则结果为 x mod m（拒绝采样，避免取模偏差）。',
  '（5）洗牌（Fisher–Yates）：对 i 从 n−1 递减到 1，取 j 为 [0, i+1) 内的均匀随机整数，交换第 i 项与第 j 项。',
  '（6）工位号：以标签「workstation」的随机数流对 E 洗牌，洗牌后第 p 项（从 0 起）的报名分得工位号 p+1。',
  '（7）评分加密编号：以标签「judging-code」的随机数流对序列 1, 2, …, n 洗牌得到 P，E[i] 分得号码 P[i]；',
  '编号为前缀（默认「J」）加号码，号码左侧补零至 max(3, n 的十进制位数) 位，例如 J007。',
  '（8）实行两次加密时，另以标签「checkin-code」的随机数流按同样方法生成检录编号，前缀为「C」。',
  '三个随机数流各自从 k = 0 开始取用，互不影响。',
].join('');

/** True for a well-formed seed: exactly 64 lowercase hex characters (32 bytes). */
export function isValidDrawSeed(seedHex: string): boolean {
  return SEED.test(seedHex);
}

function assertSeed(seedHex: string): void {
  if (!isValidDrawSeed(seedHex)) {
    throw new RangeError('抽签种子应为 64 位小写十六进制字符（32 字节）');
  }
}

/** The commitment published before the draw: SHA-256 of the seed's hex text, lowercase hex. */
export function seedCommitment(seedHex: string): string {
  assertSeed(seedHex);
  return sha256Hex(seedHex);
}

/** True when `seedHex` is well formed and hashes to `commitment` (case-insensitive). */
export function verifySeedCommitment(seedHex: string, commitment: string): boolean {
  return isValidDrawSeed(seedHex) && sha256Hex(seedHex) === commitment.trim().toLowerCase();
}

/** A deterministic source of unsigned 32-bit integers (0 … 2^32 − 1). */
export interface DrawStream {
  nextUint32(): number;
}

/**
 * The stream for `label`: block k (k = 0, 1, …) is SHA-256 of `${seedHex}:${label}:${k}`, read
 * as eight big-endian uint32 words, blocks one after another.
 */
export function createDrawStream(seedHex: string, label: string): DrawStream {
  assertSeed(seedHex);
  let block = 0;
  let words: number[] = [];
  let next = 0;
  return {
    nextUint32(): number {
      if (next >= words.length) {
        const digest = sha256(utf8Encode(`${seedHex}:${label}:${block}`));
        const view = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
        words = Array.from({ length: 8 }, (_, i) => view.getUint32(i * 4));
        block += 1;
        next = 0;
      }
      const word = words[next];
      next += 1;
      return word;
    },
  };
}

/**
 * A uniform integer in [0, n) for an integer n in 1 … 2^32, by rejection sampling: words at or
 * above the largest multiple of n below 2^32 are discarded, so there is no modulo bias.
 */
export function uniformInt(stream: DrawStream, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
    throw new RangeError(`随机整数的范围应为 1 到 2^32 之间的整数，实际为 ${n}`);
  }
  const limit = TWO_POW_32 - (TWO_POW_32 % n);
  for (;;) {
    const x = stream.nextUint32();
    if (x < limit) {
      return x % n;
    }
  }
}

/** A Fisher–Yates shuffled copy: for i = n − 1 down to 1, swap items i and uniformInt(i + 1). */
export function shuffleWithStream<T>(items: readonly T[], stream: DrawStream): T[] {
  const out = [...items];
  for (let i = out.length - 1; i >= 1; i -= 1) {
    const j = uniformInt(stream, i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export interface DrawInput {
  /** 64 lowercase hex characters: the secret seed, revealed after the draw. */
  seedHex: string;
  /** Distinct entry ids, in any order. */
  entryIds: readonly string[];
  /** Two-stage anonymisation (两次加密): a check-in code as well as the judging code. */
  twoStage: boolean;
  /** Prefix of the judging codes; 'J' when omitted. */
  codePrefix?: string;
}

export interface DrawAssignment {
  entryId: string;
  /** 1 … n, each once. */
  workstation: number;
  /** Prefix + zero-padded number, e.g. J007; unique within the draw. */
  judgingCode: string;
  /** C + zero-padded number when two-stage, else null. */
  checkinCode: string | null;
}

export interface DrawResult {
  algorithm: typeof DRAW_ALGORITHM;
  seedCommitment: string;
  /** One per entry, by workstation. */
  assignments: DrawAssignment[];
}

/** `prefix` + `number` zero-padded to max(3, digits of n). */
export function formatDrawCode(prefix: string, number: number, n: number): string {
  const width = Math.max(MIN_CODE_DIGITS, String(n).length);
  return prefix + String(number).padStart(width, '0');
}

/** Canonical order: ascending by UTF-16 code units (the default JS string order). */
function canonicalOrder(entryIds: readonly string[]): string[] {
  const sorted = [...entryIds].sort();
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i] === sorted[i - 1]) {
      throw new RangeError(`参加抽签的报名编号重复：${sorted[i]}`);
    }
  }
  return sorted;
}

/** Codes for the canonically ordered entries: a shuffle of 1 … n on the stream `label`. */
function drawCodes(seedHex: string, label: string, prefix: string, n: number): string[] {
  const numbers = Array.from({ length: n }, (_, i) => i + 1);
  return shuffleWithStream(numbers, createDrawStream(seedHex, label)).map((k) =>
    formatDrawCode(prefix, k, n),
  );
}

/**
 * Draws workstations 1 … n and anonymous codes for n distinct entries, as described in
 * DRAW_ALGORITHM_DESCRIPTION; the same seed and ids (in any order) always give the same result.
 * Throws RangeError for a malformed seed or a repeated entry id.
 */
export function runDraw(input: DrawInput): DrawResult {
  const commitment = seedCommitment(input.seedHex);
  const sorted = canonicalOrder(input.entryIds);
  const n = sorted.length;
  const stationStream = createDrawStream(input.seedHex, DRAW_LABELS.workstation);
  const stations = shuffleWithStream(sorted, stationStream);
  const workstationOf = new Map(stations.map((id, index) => [id, index + 1]));
  const prefix = input.codePrefix ?? DEFAULT_JUDGING_CODE_PREFIX;
  const judging = drawCodes(input.seedHex, DRAW_LABELS.judgingCode, prefix, n);
  const checkin = input.twoStage
    ? drawCodes(input.seedHex, DRAW_LABELS.checkinCode, CHECKIN_CODE_PREFIX, n)
    : null;

  const assignments = sorted.map((entryId, i) => ({
    entryId,
    workstation: workstationOf.get(entryId) as number,
    judgingCode: judging[i],
    checkinCode: checkin === null ? null : checkin[i],
  }));
  assignments.sort((a, b) => a.workstation - b.workstation);
  return { algorithm: DRAW_ALGORITHM, seedCommitment: commitment, assignments };
}
