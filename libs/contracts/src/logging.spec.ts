import fc from 'fast-check';
import { redactSensitive } from './logging';

describe('redactSensitive', () => {
  it('should redact personal data and secrets at any depth', () => {
    const input = { user: { phone: '13800000001', name: '李明', idNumber: '511702199001011234' }, password: 'x', list: [{ token: 't' }] };
    expect(redactSensitive(input)).toEqual({
      user: { phone: '[REDACTED]', name: '李明', idNumber: '[REDACTED]' },
      password: '[REDACTED]',
      list: [{ token: '[REDACTED]' }],
    });
  });

  it('should leave the input unchanged', () => {
    const input = { phone: '13800000001' };
    redactSensitive(input);
    expect(input.phone).toBe('13800000001');
  });

  it('should never let a phone value through, whatever the nesting', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'items', 'detail'), { maxLength: 5 }), fc.stringMatching(/^1[3-9]\d{9}$/), (path, phone) => {
        const nested = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), { phone });
        expect(JSON.stringify(redactSensitive(nested))).not.toContain(phone);
      }),
    );
  });
});
