import { RegisterBody } from '@dz/contracts';
import { residentIdCheckDigit } from '@dz/domain';
import { checkRegistration, issuePath, newRegisterForm, registeredPaths, type PersonForm } from './registration-form';

/** A resident ID with a correct check digit for the first 17 characters. */
const validId = (first17: string) => `${first17}${residentIdCheckDigit(first17)}`;
const ID_A = validId('51170219950315123');
const ID_B = validId('51172119980101002');

const person = (overrides: Partial<PersonForm> = {}): PersonForm => ({
  name: '赵小红',
  idNumber: ID_A,
  phone: '13712345678',
  county: '通川区',
  employer: '达州川东机械制造有限公司',
  employerInDazhou: true,
  skillLevel: null,
  occupationCode: '6-18-02-04',
  ...overrides,
});

const messageAt = (result: ReturnType<typeof checkRegistration>, ...name: (string | number)[]) =>
  result.ok ? undefined : result.issues.find((i) => JSON.stringify(i.name) === JSON.stringify(name))?.message;

describe('newRegisterForm', () => {
  it('should fill the first person from the profile and give everyone the event occupation', () => {
    const form = newRegisterForm(3, '6-18-01-01', { displayName: '赵小红', phone: '13712345678', idNumber: ID_A });
    expect(form.members).toHaveLength(3);
    expect(form.members?.[0]).toMatchObject({ name: '赵小红', phone: '13712345678', idNumber: ID_A, occupationCode: '6-18-01-01' });
    expect(form.members?.[1]).toEqual({ employerInDazhou: false, skillLevel: null, occupationCode: '6-18-01-01' });
    expect(form.teamName).toBe('');
  });

  it('should leave fields empty that the profile does not have, and give an individual no team name', () => {
    const form = newRegisterForm(1, '6-18-02-04', { displayName: '李明', phone: null, idNumber: null });
    expect(form.members?.[0]?.phone).toBeUndefined();
    expect(form.members?.[0]?.idNumber).toBeUndefined();
    expect(form.teamName).toBeUndefined();
  });
});

describe('registeredPaths', () => {
  it('should list every person field, and the team name for a team', () => {
    expect(registeredPaths(1)).toContainEqual(['members', 0, 'idNumber']);
    expect(registeredPaths(1)).not.toContainEqual(['teamName']);
    expect(registeredPaths(2)).toContainEqual(['teamName']);
    expect(registeredPaths(2)).toContainEqual(['members', 1, 'occupationCode']);
  });
});

describe('issuePath', () => {
  it('should turn a server path into the form field path with numeric indexes', () => {
    expect(issuePath('members.0.idNumber')).toEqual(['members', 0, 'idNumber']);
    expect(issuePath(['members', 1, 'name'])).toEqual(['members', 1, 'name']);
    expect(issuePath('(body)')).toEqual([]);
  });
});

describe('checkRegistration', () => {
  it('should accept a complete individual entry and give the contract body', () => {
    const result = checkRegistration({ members: [person({ idNumber: ` ${ID_A.toLowerCase()} ` })] }, 1);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(RegisterBody.parse(result.body)).toEqual(result.body);
    expect(result.body.teamName).toBeNull();
    expect(result.body.members[0]?.idNumber).toBe(ID_A.toUpperCase());
    expect(result.body.members[0]?.certificateNo).toBeNull();
  });

  it('should say in plain words which select was left empty', () => {
    const result = checkRegistration({ members: [person({ county: undefined, occupationCode: undefined })] }, 1);
    expect(messageAt(result, 'members', 0, 'county')).toBe('请选择所在区县');
    expect(messageAt(result, 'members', 0, 'occupationCode')).toBe('请选择报名职业（工种）');
  });

  it('should refuse an ID number with a wrong check digit, with the domain reason', () => {
    const wrong = `${ID_A.slice(0, 17)}${ID_A.endsWith('0') ? '1' : '0'}`;
    const result = checkRegistration({ members: [person({ idNumber: wrong })] }, 1);
    expect(messageAt(result, 'members', 0, 'idNumber')).toMatch(/校验|有误|不正确/);
  });

  it('should ask for the certificate number with a skill level', () => {
    const result = checkRegistration({ members: [person({ skillLevel: 'senior', certificateNo: '' })] }, 1);
    expect(messageAt(result, 'members', 0, 'certificateNo')).toBe('填写了职业技能等级，请同时填写证书编号');
  });

  it('should want a team name and distinct people for a team', () => {
    const result = checkRegistration({ teamName: ' ', members: [person(), person({ name: '钱小明' })] }, 2);
    expect(messageAt(result, 'teamName')).toBe('请填写团队名称');
    expect(messageAt(result, 'members', 1, 'idNumber')).toBe('与第 1 位成员的身份证号相同');
    const fixed = checkRegistration({ teamName: '焊花队', members: [person(), person({ name: '钱小明', idNumber: ID_B })] }, 2);
    expect(fixed.ok).toBe(true);
  });

  it('should report each field once, however many rules it breaks', () => {
    const result = checkRegistration({ members: [person({ name: '', phone: '12', employer: '' })] }, 1);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const keys = result.issues.map((i) => JSON.stringify(i.name));
    expect(new Set(keys).size).toBe(keys.length);
    expect(messageAt(result, 'members', 0, 'phone')).toBe('请输入 11 位手机号');
  });
});
