import { formatDuration } from './format';

describe('formatDuration', () => {
  it('should write hours, minutes and seconds in Chinese, minutes and seconds padded', () => {
    expect(formatDuration(3723)).toBe('1时02分03秒');
    expect(formatDuration(2700)).toBe('45分00秒');
    expect(formatDuration(59)).toBe('0分59秒');
    expect(formatDuration(7 * 24 * 3600)).toBe('168时00分00秒');
  });
});
