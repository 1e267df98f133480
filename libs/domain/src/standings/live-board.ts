import type { TieBreak } from '@dz/contracts';

import { compareForRank, compareKeys, type RankableRow, type RankedRow } from './ranking';

/**
 * A live board: the rows of an event in display order (compareForDisplay), kept in a treap with
 * subtree sizes, so an upsert, a removal or a rank costs O(log n) expected, never a re-sort.
 *
 * The treap's priorities are a hash of the key, so the tree's shape depends only on the set of
 * rows, not on the order of updates: deterministic, with no randomness. (Keys are entry ids,
 * judging codes or 报名序号, not chosen to attack the hash.)
 */

interface Node<R> {
  row: R;
  priority: number;
  size: number;
  left: Node<R> | null;
  right: Node<R> | null;
}

/** FNV-1a over UTF-16 code units, then the murmur3 finaliser: a well-mixed unsigned 32-bit hash. */
export function keyPriority(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const sizeOf = <R>(node: Node<R> | null): number => (node === null ? 0 : node.size);

function resize<R>(node: Node<R>): Node<R> {
  node.size = 1 + sizeOf(node.left) + sizeOf(node.right);
  return node;
}

export class LiveBoard<R extends RankableRow> {
  private root: Node<R> | null = null;
  private readonly byKey = new Map<string, R>();
  private compared = 0;

  constructor(private readonly tieBreaks: readonly TieBreak[]) {}

  /** How many rows the board holds. */
  get size(): number {
    return this.byKey.size;
  }

  /** How many row comparisons the board has made since it was created (for tests of its cost). */
  get comparisons(): number {
    return this.compared;
  }

  /** Puts `row` on the board, replacing the row with the same key. O(log n) expected. */
  upsert(row: R): void {
    const previous = this.byKey.get(row.key);
    if (previous !== undefined) {
      this.root = this.removeNode(this.root, previous);
    }
    this.byKey.set(row.key, row);
    const node: Node<R> = { row, priority: keyPriority(row.key), size: 1, left: null, right: null };
    this.root = this.insertNode(this.root, node);
  }

  /** Takes the row with `key` off the board; false when there was none. O(log n) expected. */
  remove(key: string): boolean {
    const row = this.byKey.get(key);
    if (row === undefined) {
      return false;
    }
    this.byKey.delete(key);
    this.root = this.removeNode(this.root, row);
    return true;
  }

  /** The row with `key`, if on the board. */
  get(key: string): R | undefined {
    return this.byKey.get(key);
  }

  /**
   * The shared rank of the row with `key` (1 + the rows strictly ahead of it), or null when it
   * is not on the board. O(log n) expected: display order refines rank order, so the rows
   * strictly ahead are a prefix of the tree, found by a search that ignores the key.
   */
  rankOf(key: string): number | null {
    const row = this.byKey.get(key);
    return row === undefined ? null : 1 + this.countAhead(row);
  }

  /** Up to `limit` rows from position `offset` (0-based) in display order, with their ranks. */
  slice(offset: number, limit: number): RankedRow<R>[] {
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 0) {
      throw new RangeError(`排名分页参数应为非负整数（收到 ${offset}、${limit}）`);
    }
    const out: RankedRow<R>[] = [];
    let previous: RankedRow<R> | undefined;
    let position = offset;
    for (const row of this.inOrderFrom(offset)) {
      if (out.length >= limit) {
        break;
      }
      // Within display order, a row shares the rank of the one before it when they compare
      // equal, else every row before it is strictly ahead: its rank is its position + 1.
      const rank =
        previous === undefined
          ? 1 + this.countAhead(row)
          : this.compare(previous.row, row) === 0
            ? previous.rank
            : position + 1;
      previous = { row, rank };
      out.push(previous);
      position += 1;
    }
    return out;
  }

  /** Every row in display order, with its rank. */
  rows(): RankedRow<R>[] {
    return this.slice(0, this.size);
  }

  private compare(a: R, b: R): number {
    this.compared += 1;
    return compareForRank(a, b, this.tieBreaks);
  }

  private compareForDisplay(a: R, b: R): number {
    return this.compare(a, b) || compareKeys(a.key, b.key);
  }

  /** How many rows compare strictly ahead of `row`. */
  private countAhead(row: R): number {
    let count = 0;
    let node = this.root;
    while (node !== null) {
      if (this.compare(node.row, row) < 0) {
        count += sizeOf(node.left) + 1;
        node = node.right;
      } else {
        node = node.left;
      }
    }
    return count;
  }

  /** Rows in display order from position `offset`: an in-order walk with an explicit stack. */
  private *inOrderFrom(offset: number): Generator<R> {
    // The stack holds the ancestors whose row comes after the current position.
    const stack: Node<R>[] = [];
    let node = this.root;
    let skip = offset;
    while (node !== null) {
      const leftSize = sizeOf(node.left);
      if (skip < leftSize) {
        stack.push(node);
        node = node.left;
      } else if (skip === leftSize) {
        stack.push(node);
        break;
      } else {
        skip -= leftSize + 1;
        node = node.right;
      }
    }
    while (stack.length > 0) {
      const next = stack.pop() as Node<R>;
      yield next.row;
      for (let child = next.right; child !== null; child = child.left) {
        stack.push(child);
      }
    }
  }

  /** Splits `node` into the rows before `row` and after it (`row` itself is not in the tree). */
  private split(node: Node<R> | null, row: R): [Node<R> | null, Node<R> | null] {
    if (node === null) {
      return [null, null];
    }
    if (this.compareForDisplay(row, node.row) < 0) {
      const [before, after] = this.split(node.left, row);
      node.left = after;
      return [before, resize(node)];
    }
    const [before, after] = this.split(node.right, row);
    node.right = before;
    return [resize(node), after];
  }

  /** Joins two treaps, every row of `a` before every row of `b`. */
  private merge(a: Node<R> | null, b: Node<R> | null): Node<R> | null {
    if (a === null) return b;
    if (b === null) return a;
    if (a.priority >= b.priority) {
      a.right = this.merge(a.right, b);
      return resize(a);
    }
    b.left = this.merge(a, b.left);
    return resize(b);
  }

  private insertNode(node: Node<R> | null, inserted: Node<R>): Node<R> {
    if (node === null) {
      return inserted;
    }
    if (inserted.priority > node.priority) {
      [inserted.left, inserted.right] = this.split(node, inserted.row);
      return resize(inserted);
    }
    if (this.compareForDisplay(inserted.row, node.row) < 0) {
      node.left = this.insertNode(node.left, inserted);
    } else {
      node.right = this.insertNode(node.right, inserted);
    }
    return resize(node);
  }

  private removeNode(node: Node<R> | null, row: R): Node<R> | null {
    if (node === null) {
      throw new RangeError(`排名榜中没有条目：${row.key}`);
    }
    const order = this.compareForDisplay(row, node.row);
    if (order === 0) {
      return this.merge(node.left, node.right);
    }
    if (order < 0) {
      node.left = this.removeNode(node.left, row);
    } else {
      node.right = this.removeNode(node.right, row);
    }
    return resize(node);
  }
}
