import { fenToYuan, formatFen, yuanToFen } from './money';

describe('yuanToFen', () => {
  it.each<[string | number, number]>([
    ['0', 0],
    ['12', 1200],
    ['12.3', 1230],
    ['12.34', 1234],
    ['1,234.50', 123450],
    [0.1, 10],
    // 0.1 + 0.2 in floats is 0.30000000000000004; typed text never goes through floats.
    ['0.30', 30],
  ])('should read %j yuan as %d fen', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it.each(['', '-1', '1.234', 'abc', '1e3', null, undefined])('should refuse %j', (yuan) => {
    expect(yuanToFen(yuan)).toBeNull();
  });
});

describe('fenToYuan and formatFen', () => {
  it('should write fen as yuan with two decimals, and round-trip', () => {
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(123450)).toBe('1234.50');
    for (const fen of [0, 1, 99, 100, 123456789]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });

  it('should group thousands for reading', () => {
    expect(formatFen(1234567890)).toBe('12,345,678.90 元');
    expect(formatFen(50)).toBe('0.50 元');
  });
});
