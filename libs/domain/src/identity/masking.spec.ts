import fc from 'fast-check';

import { isMainlandMobile, maskName, maskPhone, maskResidentId } from './masking';

const chars = (s: string) => Array.from(s);

/** Positions whose character the mask let through. */
const revealedCount = (masked: string) => chars(masked).filter((c) => c !== '*').length;

/** Every shown character is the original one in the same place. */
const showsOnlyOriginal = (original: string, masked: string) => {
  const o = chars(original);
  return chars(masked).every((c, i) => c === '*' || c === o[i]);
};

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...'0123456789Xx+- '.split('')), maxLength: 24 }),
);

const mobile = fc
  .tuple(
    fc.constantFrom('3', '4', '5', '6', '7', '8', '9'),
    fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: 9, maxLength: 9 }),
  )
  .map(([second, rest]) => `1${second}${rest}`);

describe('maskResidentId', () => {
  it('should keep the first 4 and last 4 characters of an 18-character ID', () => {
    expect(maskResidentId('511702199001011234')).toBe('5117**********1234');
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X');
  });

  it('should keep the ends of a 9-character input, hiding one', () => {
    expect(maskResidentId('123456789')).toBe('1234*6789');
  });

  it.each([
    ['', ''],
    ['1', '*'],
    ['12345678', '********'],
  ])('should hide all of the short input %j', (input, expected) => {
    expect(maskResidentId(input)).toBe(expected);
  });

  it('should count characters, not UTF-16 units', () => {
    expect(maskResidentId('𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈')).toBe('𠀀𠀁𠀂𠀃*𠀅𠀆𠀇𠀈');
  });

  it('should keep the length and reveal at most 8 original characters', () => {
    fc.assert(
      fc.property(anyText, (input) => {
        const masked = maskResidentId(input);
        expect(chars(masked)).toHaveLength(chars(input).length);
        expect(revealedCount(masked)).toBeLessThanOrEqual(8);
        expect(showsOnlyOriginal(input, masked)).toBe(true);
      }),
    );
  });

  it('should hide at least one character of any non-empty input without stars', () => {
    fc.assert(
      fc.property(anyText, (input) => {
        fc.pre(input.length > 0 && !input.includes('*'));
        expect(maskResidentId(input)).not.toBe(input);
      }),
    );
  });

  it('should be idempotent', () => {
    fc.assert(
      fc.property(anyText, (input) => {
        const once = maskResidentId(input);
        expect(maskResidentId(once)).toBe(once);
      }),
    );
  });
});

describe('maskPhone', () => {
  it('should keep the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('should keep the +86 prefix and the last 4 digits of an international form', () => {
    expect(maskPhone('+8613812345678')).toBe('+86*******5678');
  });

  it('should keep only the last 4 digits of a local landline number', () => {
    expect(maskPhone('28123456')).toBe('****3456');
    expect(maskPhone('0818212345')).toBe('******2345');
  });

  it.each([
    ['', ''],
    ['110', '***'],
    ['1234567', '*******'],
  ])('should hide all of the short input %j', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it('should show a mobile number as 3 digits, 4 stars and 4 digits', () => {
    fc.assert(
      fc.property(mobile, (phone) => {
        const masked = maskPhone(phone);
        expect(masked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
        expect(masked).toMatch(/^1[3-9]\d\*{4}\d{4}$/);
      }),
    );
  });

  it('should keep the length and reveal at most 7 original characters', () => {
    fc.assert(
      fc.property(anyText, (input) => {
        const masked = maskPhone(input);
        expect(chars(masked)).toHaveLength(chars(input).length);
        expect(revealedCount(masked)).toBeLessThanOrEqual(7);
        expect(showsOnlyOriginal(input, masked)).toBe(true);
      }),
    );
  });

  it('should hide at least 4 characters, or all of a shorter input', () => {
    fc.assert(
      fc.property(anyText, (input) => {
        fc.pre(!input.includes('*'));
        const length = chars(input).length;
        const hidden = chars(maskPhone(input)).filter((c) => c === '*').length;
        expect(hidden).toBeGreaterThanOrEqual(Math.min(length, 4));
      }),
    );
  });
});

describe('isMainlandMobile', () => {
  it.each(['13812345678', '19912345678', '14700000000', '16612345678'])(
    'should accept %s',
    (input) => {
      expect(isMainlandMobile(input)).toBe(true);
    },
  );

  it.each([
    ['a second digit below 3', '12812345678'],
    ['10 digits', '1381234567'],
    ['12 digits', '138123456789'],
    ['a letter', '13812345a78'],
    ['a leading space', ' 13812345678'],
    ['a trailing newline', '13812345678\n'],
    ['a country code', '+8613812345678'],
    ['full-width digits', '１３８１２３４５６７８'],
    ['a landline number', '08182123456'],
  ])('should reject %s', (_label, input) => {
    expect(isMainlandMobile(input)).toBe(false);
  });

  it('should accept every generated mobile number', () => {
    fc.assert(
      fc.property(mobile, (phone) => {
        expect(isMainlandMobile(phone)).toBe(true);
      }),
    );
  });

  it('should agree with a plain character-by-character check', () => {
    const reference = (s: string) =>
      s.length === 11 &&
      s[0] === '1' &&
      '3456789'.includes(s[1]) &&
      [...s].every((c) => c >= '0' && c <= '9');
    fc.assert(
      fc.property(fc.oneof(mobile, anyText), (input) => {
        expect(isMainlandMobile(input)).toBe(reference(input));
      }),
    );
  });
});

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['李小明', '李*明'],
    ['欧阳娜娜', '欧**娜'],
    ['王', '*'],
    ['', ''],
    [' 赵六 ', '赵*'],
  ])('should mask %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('should keep the length and hide at least one character of any name', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...Array.from('张王李赵欧阳小明娜𠀀')), minLength: 1, maxLength: 8 }), (name) => {
        const masked = maskName(name);
        expect(Array.from(masked)).toHaveLength(Array.from(name).length);
        expect(masked).toContain('*');
      }),
    );
  });
});
