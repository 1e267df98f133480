import fc from 'fast-check';

import {
  checkPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordClasses,
} from './password-policy';

const TOO_SHORT = '密码至少需要 8 个字符';
const TOO_LONG = '密码不能超过 128 个字符';
const TOO_SIMPLE = '密码需包含大写字母、小写字母、数字和符号中的至少三类';
const TOO_COMMON = '该密码过于常见，请换一个';
const HAS_ACCOUNT = '密码不能包含账号';
const HAS_NAME = '密码不能包含姓名';

const neverCommon = () => false;

const fromChars = (chars: string) => fc.constantFrom(...chars.split(''));
const lowers = fromChars('abcdefghijklmnopqrstuvwxyz');
const uppers = fromChars('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const digits = fromChars('0123456789');
const others = fc.constantFrom(...'!@#$%^&*()_+-= ~'.split(''), '中', 'é', '😀');
const CLASSES = [lowers, uppers, digits, others];

/** A password of 8–128 code points using at least three classes, each at least once. */
const strongPassword = fc
  .subarray([0, 1, 2, 3], { minLength: 3 })
  .chain((picked) =>
    fc
      .tuple(
        fc.tuple(...picked.map((i) => CLASSES[i])),
        fc.array(fc.oneof(...picked.map((i) => CLASSES[i])), {
          minLength: PASSWORD_MIN_LENGTH,
          maxLength: PASSWORD_MAX_LENGTH - picked.length,
        }),
      )
      .chain(([required, rest]) =>
        fc.shuffledSubarray([...required, ...rest], { minLength: required.length + rest.length }),
      )
      .map((chars) => chars.join('')),
  );

const expectProblems = (result: ReturnType<typeof checkPassword>) => {
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems;
};

describe('passwordClasses', () => {
  it.each([
    ['', 0],
    ['abcdefgh', 1],
    ['ABCDEFGH', 1],
    ['12345678', 1],
    ['!@#$%^&*', 1],
    ['abcDEF', 2],
    ['abcDEF12', 3],
    ['abcDEF12!', 4],
    ['达州技能大赛', 1],
    ['达州abc123', 3],
    ['pass word', 2],
  ])('should count %j as %i classes', (password, expected) => {
    expect(passwordClasses(password)).toBe(expected);
  });

  it('should stay within 0–4 and never drop when a character is added', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        fc.nat(),
        (password, extra, at) => {
          const chars = Array.from(password);
          const index = at % (chars.length + 1);
          const longer = [...chars.slice(0, index), extra, ...chars.slice(index)].join('');
          const before = passwordClasses(password);
          expect(before).toBeGreaterThanOrEqual(0);
          expect(passwordClasses(longer)).toBeLessThanOrEqual(4);
          expect(passwordClasses(longer)).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });
});

describe('checkPassword', () => {
  it('should accept a long, mixed, uncommon password', () => {
    expect(checkPassword('Dz-Skill-2025', { isCommon: neverCommon })).toEqual({ ok: true });
  });

  it('should accept a password of exactly 8 and exactly 128 characters', () => {
    expect(checkPassword('Abcdef1!', { isCommon: neverCommon })).toEqual({ ok: true });
    const longest = 'Aa1!'.repeat(PASSWORD_MAX_LENGTH / 4);
    expect(checkPassword(longest, { isCommon: neverCommon })).toEqual({ ok: true });
  });

  it('should reject a password of 7 characters', () => {
    expect(expectProblems(checkPassword('Abcde1!', { isCommon: neverCommon }))).toEqual([
      TOO_SHORT,
    ]);
  });

  it('should reject a password of 129 characters', () => {
    const password = 'Aa1!'.repeat(32) + 'x';
    expect(expectProblems(checkPassword(password, { isCommon: neverCommon }))).toEqual([TOO_LONG]);
  });

  it('should count code points, not UTF-16 units', () => {
    // Four emoji are eight UTF-16 units but only four characters.
    expect(expectProblems(checkPassword('Aa1😀😀😀😀', { isCommon: neverCommon }))).toEqual([
      TOO_SHORT,
    ]);
    expect(checkPassword('Aa1😀😀😀😀😀', { isCommon: neverCommon })).toEqual({ ok: true });
  });

  it('should reject a password of only two classes', () => {
    expect(expectProblems(checkPassword('abcdefgh12', { isCommon: neverCommon }))).toEqual([
      TOO_SIMPLE,
    ]);
  });

  it('should count Chinese characters as the "other" class', () => {
    expect(checkPassword('达州abc12345', { isCommon: neverCommon })).toEqual({ ok: true });
  });

  it('should ask isCommon about the lower-cased password', () => {
    const asked: string[] = [];
    const isCommon = (candidate: string) => {
      asked.push(candidate);
      return candidate === 'p@ssw0rd';
    };
    expect(expectProblems(checkPassword('P@ssw0rd', { isCommon }))).toEqual([TOO_COMMON]);
    expect(asked).toEqual(['p@ssw0rd']);
  });

  it('should reject a password containing the account, whatever the case', () => {
    const result = checkPassword('Xx-ZhangSan-2025', { isCommon: neverCommon, account: 'zhangsan' });
    expect(expectProblems(result)).toEqual([HAS_ACCOUNT]);
  });

  it('should ignore an account shorter than 3 characters', () => {
    expect(checkPassword('Ab-12345-cd', { isCommon: neverCommon, account: 'ab' })).toEqual({
      ok: true,
    });
  });

  it('should ignore spaces around the account', () => {
    const result = checkPassword('Wang5-Wu-2025', { isCommon: neverCommon, account: ' wang5 ' });
    expect(expectProblems(result)).toEqual([HAS_ACCOUNT]);
  });

  it('should reject a password containing a two-character Chinese name', () => {
    const result = checkPassword('张三Abc12345', { isCommon: neverCommon, displayName: '张三' });
    expect(expectProblems(result)).toEqual([HAS_NAME]);
  });

  it('should reject a Latin name of 3 characters or more, but not of 2', () => {
    const context = { isCommon: neverCommon };
    expect(expectProblems(checkPassword('Xx-Wang-9', { ...context, displayName: 'Wang' }))).toEqual(
      [HAS_NAME],
    );
    expect(checkPassword('Xx-Li-9999', { ...context, displayName: 'Li' })).toEqual({ ok: true });
  });

  it('should list every problem at once, in a stable order', () => {
    const result = checkPassword('admin', { isCommon: () => true, account: 'admin' });
    expect(expectProblems(result)).toEqual([TOO_SHORT, TOO_SIMPLE, TOO_COMMON, HAS_ACCOUNT]);
  });

  it('should reject every password shorter than 8 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: PASSWORD_MIN_LENGTH - 1 }), (password) => {
        expect(expectProblems(checkPassword(password, { isCommon: neverCommon }))).toContain(
          TOO_SHORT,
        );
      }),
    );
  });

  it('should accept any 8–128 character password of three classes that is not common', () => {
    fc.assert(
      fc.property(strongPassword, (password) => {
        expect(checkPassword(password, { isCommon: neverCommon })).toEqual({ ok: true });
      }),
    );
  });

  it('should reject any otherwise strong password that contains the account', () => {
    fc.assert(
      fc.property(
        strongPassword,
        fc.string({ unit: lowers, minLength: 3, maxLength: 12 }),
        (password, account) => {
          const withAccount = password + account.toUpperCase();
          const result = checkPassword(withAccount, { isCommon: neverCommon, account });
          expect(expectProblems(result)).toContain(HAS_ACCOUNT);
        },
      ),
    );
  });
});
