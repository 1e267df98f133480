import { verifyUrl } from './certificates-issue.handler';

describe('verifyUrl', () => {
  it('should join the public address and the number, whatever the trailing slashes', () => {
    expect(verifyUrl('http://localhost:3000/', 'DZ2026A00000010')).toBe('http://localhost:3000/verify/DZ2026A00000010');
    expect(verifyUrl('https://jnds.dazhou.gov.cn', 'DZ2026P0000003X')).toBe('https://jnds.dazhou.gov.cn/verify/DZ2026P0000003X');
  });
});
