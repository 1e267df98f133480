import type { Role } from '@dz/contracts';

/**
 * The one definition of who sees which menu entry and who may open which page. Pure data and
 * functions (no JSX, no DOM), so the rules are unit-tested in Node.
 */

export type MenuKey =
  | 'home'
  | 'entries'
  | 'certificates'
  | 'judging'
  | 'proposals'
  | 'catalogues'
  | 'certificateTemplates'
  | 'organisations'
  | 'users'
  | 'audit'
  | 'statistics'
  | 'me'
  | 'login'
  | 'signup'
  | 'outbox';

export interface MenuItem {
  key: MenuKey;
  label: string;
  path: string;
}

const ITEMS: Record<MenuKey, MenuItem> = {
  home: { key: 'home', label: '首页', path: '/' },
  entries: { key: 'entries', label: '我的报名', path: '/me/entries' },
  certificates: { key: 'certificates', label: '我的证书', path: '/me/certificates' },
  judging: { key: 'judging', label: '评分', path: '/judge' },
  proposals: { key: 'proposals', label: '申报管理', path: '/proposals' },
  catalogues: { key: 'catalogues', label: '目录管理', path: '/admin/catalogues' },
  certificateTemplates: { key: 'certificateTemplates', label: '证书模板', path: '/certificate-templates' },
  organisations: { key: 'organisations', label: '单位管理', path: '/admin/organisations' },
  users: { key: 'users', label: '用户管理', path: '/admin/users' },
  audit: { key: 'audit', label: '审计日志', path: '/audit' },
  statistics: { key: 'statistics', label: '统计分析', path: '/statistics' },
  me: { key: 'me', label: '我的账号', path: '/me' },
  login: { key: 'login', label: '登录', path: '/login' },
  signup: { key: 'signup', label: '注册', path: '/signup' },
  outbox: { key: 'outbox', label: '短信发件箱', path: '/outbox' },
};

/** Menu order, whatever the order of the roles. */
const ORDER: readonly MenuKey[] = [
  'home',
  'entries',
  'certificates',
  'judging',
  'proposals',
  'catalogues',
  'certificateTemplates',
  'organisations',
  'users',
  'audit',
  'statistics',
  'me',
  'login',
  'signup',
  'outbox',
];

const ANONYMOUS: readonly MenuKey[] = ['home', 'login', 'signup', 'outbox'];

/**
 * Each role's entries. The security and audit administrators do no competition business
 * (separation of duties), so their menus have no 首页 entry; the public home stays reachable
 * through the site name.
 */
const BY_ROLE: Record<Role, readonly MenuKey[]> = {
  contestant: ['home', 'entries', 'certificates', 'me'],
  judge: ['home', 'judging', 'me'],
  department_organizer: ['home', 'proposals', 'organisations', 'statistics', 'me'],
  bureau_admin: ['home', 'proposals', 'catalogues', 'certificateTemplates', 'organisations', 'statistics', 'me'],
  security_admin: ['users', 'me'],
  auditor: ['audit', 'me'],
};

/** Pages only some roles may open; a signed-in person without one of them sees 403. */
export type GuardedPage =
  | 'proposals'
  | 'events'
  | 'judging'
  | 'register'
  | 'catalogues'
  | 'certificateTemplates'
  | 'certificates'
  | 'organisations'
  | 'users'
  | 'audit'
  | 'statistics';

export const PAGE_ROLES: Record<GuardedPage, readonly Role[]> = {
  proposals: ['department_organizer', 'bureau_admin'],
  /** An event's registrations, draw and check-in; the server also checks the department owns it. */
  events: ['department_organizer', 'bureau_admin'],
  /** Registering for an event (报名) is for contestants' accounts. */
  register: ['contestant'],
  /** The judge's tablet and the chief judge's board; the server checks the assignment to the event. */
  judging: ['judge'],
  catalogues: ['bureau_admin'],
  /** The certificate templates per series and kind. */
  certificateTemplates: ['bureau_admin'],
  /** 我的证书: a contestant's own certificates. */
  certificates: ['contestant'],
  organisations: ['bureau_admin', 'department_organizer'],
  users: ['security_admin'],
  audit: ['auditor'],
  /** The department sees its own events' figures only (the server forces it). */
  statistics: ['bureau_admin', 'department_organizer'],
};

/**
 * The menu for `roles` (`null` for nobody signed in): the union of each role's entries, in a
 * fixed order. A signed-in person always has 我的账号, even with no role at all.
 */
export function menuFor(roles: readonly Role[] | null): MenuItem[] {
  if (roles === null) return ANONYMOUS.map((key) => ITEMS[key]);
  const keys = new Set<MenuKey>(['me']);
  for (const role of roles) for (const key of BY_ROLE[role] ?? []) keys.add(key);
  return ORDER.filter((key) => keys.has(key)).map((key) => ITEMS[key]);
}

/** True when someone holding `roles` (`null`: nobody signed in) may open `page`. */
export function canOpen(page: GuardedPage, roles: readonly Role[] | null): boolean {
  return roles !== null && roles.some((role) => PAGE_ROLES[page].includes(role));
}

/** Where a person lands after signing in: the first entry of their menu. */
export function landingPath(roles: readonly Role[]): string {
  return menuFor(roles)[0].path;
}

/**
 * Where to go after signing in or up: the same-site path a guarded page handed over in the
 * router state (`{ from }`), if any. Never another site (`//host`) nor the login page itself.
 */
export function nextPath(state: unknown): string | null {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' &&
    from.startsWith('/') &&
    !from.startsWith('//') &&
    !from.startsWith('/login') &&
    !from.startsWith('/signup')
    ? from
    : null;
}
