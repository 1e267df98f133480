import { checkPassword } from '@dz/domain';

import { isCommonPassword } from './common-passwords';

describe('isCommonPassword', () => {
  it.each(['password', '123456', 'qwerty', 'p@ssw0rd', 'passw0rd', '1qaz@wsx', 'a1b2c3d4'])(
    'should know %j from the zxcvbn-ts list',
    (candidate) => {
      expect(isCommonPassword(candidate)).toBe(true);
    },
  );

  it.each(['woaini1314', 'dazhou123', 'dazhou@123', 'admin@123', 'qwer1234', '1qaz2wsx'])(
    'should know the Chinese-context password %j',
    (candidate) => {
      expect(isCommonPassword(candidate)).toBe(true);
    },
  );

  it.each(['Dz-Skill-2025', 'correct horse battery staple 达州', ''])(
    'should not flag %j',
    (candidate) => {
      expect(isCommonPassword(candidate)).toBe(false);
    },
  );

  it('should match lower-case only, as checkPassword lower-cases first', () => {
    expect(isCommonPassword('P@ssw0rd')).toBe(false);
    expect(checkPassword('P@ssw0rd', { isCommon: isCommonPassword })).toEqual({
      ok: false,
      problems: ['该密码过于常见，请换一个'],
    });
  });
});
