import { ROLES, type Role } from '@dz/contracts';
import { canOpen, landingPath, menuFor, nextPath, PAGE_ROLES, type GuardedPage } from './menus';

const keys = (roles: readonly Role[] | null) => menuFor(roles).map((item) => item.key);
const labels = (roles: readonly Role[] | null) => menuFor(roles).map((item) => item.label);

describe('menuFor', () => {
  it('should offer the public entries to nobody signed in', () => {
    expect(labels(null)).toEqual(['首页', '登录', '注册', '短信发件箱']);
  });

  it.each<[Role, string[]]>([
    ['contestant', ['首页', '我的报名', '我的证书', '我的账号']],
    ['judge', ['首页', '评分', '我的账号']],
    ['department_organizer', ['首页', '申报管理', '单位管理', '统计分析', '我的账号']],
    ['bureau_admin', ['首页', '申报管理', '目录管理', '证书模板', '单位管理', '统计分析', '我的账号']],
    ['security_admin', ['用户管理', '我的账号']],
    ['auditor', ['审计日志', '我的账号']],
  ])('should give %s the menu %j', (role, expected) => {
    expect(labels([role])).toEqual(expected);
  });

  it('should give the union of the menus of several roles, once each, in a fixed order', () => {
    expect(keys(['auditor', 'judge'])).toEqual(['home', 'judging', 'audit', 'me']);
    expect(keys(['security_admin', 'bureau_admin', 'auditor'])).toEqual([
      'home',
      'proposals',
      'catalogues',
      'certificateTemplates',
      'organisations',
      'users',
      'audit',
      'statistics',
      'me',
    ]);
    expect(keys(['judge', 'contestant', 'judge'])).toEqual(['home', 'entries', 'certificates', 'judging', 'me']);
  });

  it('should not depend on the order of the roles', () => {
    expect(keys(['auditor', 'department_organizer'])).toEqual(keys(['department_organizer', 'auditor']));
  });

  it('should keep 我的账号 for a signed-in person without roles and never show 登录 to anyone signed in', () => {
    expect(keys([])).toEqual(['me']);
    for (const role of ROLES) {
      expect(keys([role])).toContain('me');
      expect(keys([role])).not.toContain('login');
      expect(keys([role])).not.toContain('signup');
    }
  });

  it('should give security and audit administrators no competition home entry', () => {
    expect(keys(['security_admin'])).not.toContain('home');
    expect(keys(['auditor'])).not.toContain('home');
  });

  it('should link every entry to an absolute path with a unique key', () => {
    for (const roles of [null, [], ...ROLES.map((r) => [r]), [...ROLES]] as (Role[] | null)[]) {
      const items = menuFor(roles);
      expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
      for (const item of items) expect(item.path.startsWith('/')).toBe(true);
    }
  });
});

describe('canOpen', () => {
  it('should let nobody signed in open a guarded page', () => {
    for (const page of Object.keys(PAGE_ROLES) as GuardedPage[]) expect(canOpen(page, null)).toBe(false);
  });

  it('should let only the security administrator open user management', () => {
    expect(canOpen('users', ['security_admin'])).toBe(true);
    expect(canOpen('users', ['bureau_admin', 'auditor'])).toBe(false);
  });

  it('should let department organisers and the bureau, and no one else, open 申报管理', () => {
    expect(canOpen('proposals', ['department_organizer'])).toBe(true);
    expect(canOpen('proposals', ['bureau_admin'])).toBe(true);
    for (const role of ['contestant', 'judge', 'security_admin', 'auditor'] as const) {
      expect(canOpen('proposals', [role])).toBe(false);
    }
  });

  it('should let only the bureau open 目录管理', () => {
    expect(canOpen('catalogues', ['bureau_admin'])).toBe(true);
    expect(canOpen('catalogues', ['judge', 'bureau_admin'])).toBe(true);
    for (const role of ['department_organizer', 'contestant', 'judge', 'security_admin', 'auditor'] as const) {
      expect(canOpen('catalogues', [role])).toBe(false);
    }
  });

  it('should let only the bureau open 证书模板, and only contestants 我的证书', () => {
    expect(canOpen('certificateTemplates', ['bureau_admin'])).toBe(true);
    expect(canOpen('certificates', ['contestant'])).toBe(true);
    for (const role of ['department_organizer', 'contestant', 'judge', 'security_admin', 'auditor'] as const) {
      expect(canOpen('certificateTemplates', [role])).toBe(false);
    }
    for (const role of ['department_organizer', 'bureau_admin', 'judge', 'security_admin', 'auditor'] as const) {
      expect(canOpen('certificates', [role])).toBe(false);
    }
  });

  it('should let only the auditor open the audit log', () => {
    expect(canOpen('audit', ['auditor'])).toBe(true);
    expect(canOpen('audit', ['security_admin'])).toBe(false);
  });

  it('should let organisers and the bureau manage an event, and only contestants register', () => {
    expect(canOpen('events', ['department_organizer'])).toBe(true);
    expect(canOpen('events', ['bureau_admin'])).toBe(true);
    expect(canOpen('register', ['contestant'])).toBe(true);
    for (const role of ['contestant', 'judge', 'security_admin', 'auditor'] as const) {
      expect(canOpen('events', [role])).toBe(false);
    }
    for (const role of ['department_organizer', 'bureau_admin', 'judge', 'security_admin', 'auditor'] as const) {
      expect(canOpen('register', [role])).toBe(false);
    }
  });

  it("should let only judges open 评分 (the server checks each event's assignment)", () => {
    expect(canOpen('judging', ['judge'])).toBe(true);
    for (const role of ['department_organizer', 'bureau_admin', 'contestant', 'security_admin', 'auditor'] as const) {
      expect(canOpen('judging', [role])).toBe(false);
    }
  });

  it('should agree with the menu: a page with a menu entry is in the menu exactly when it may be opened', () => {
    // 赛务管理 and 报名 are reached from an event, not from the menu.
    const inMenu = (Object.keys(PAGE_ROLES) as GuardedPage[]).filter((page) => page !== 'events' && page !== 'register');
    for (const role of ROLES) {
      for (const page of inMenu) {
        expect(keys([role]).includes(page)).toBe(canOpen(page, [role]));
      }
    }
  });
});

describe('landingPath', () => {
  it('should land each person on the first entry of their menu', () => {
    expect(landingPath(['contestant'])).toBe('/');
    expect(landingPath(['security_admin'])).toBe('/admin/users');
    expect(landingPath(['auditor'])).toBe('/audit');
    expect(landingPath([])).toBe('/me');
  });
});

describe('nextPath', () => {
  it('should go back to the same-site page that asked for a sign-in', () => {
    expect(nextPath({ from: '/events/abc/register' })).toBe('/events/abc/register');
  });

  it('should never send anyone to another site, the login or the sign-up page', () => {
    for (const from of ['//evil.example/x', 'https://evil.example/', '/login', '/signup', 42, undefined]) {
      expect(nextPath({ from })).toBeNull();
    }
    expect(nextPath(null)).toBeNull();
  });
});
