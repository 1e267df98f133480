import { RegisterBody, type County, type ProfileReply, type SkillLevel } from '@dz/contracts';
import { parseResidentId } from '@dz/domain';

/**
 * The registration form (报名表): its values, the first values from the person's profile, and
 * the check against the `RegisterBody` contract field by field. Pure (no JSX, no DOM), so the
 * rules are unit-tested in Node.
 */

export interface PersonForm {
  name?: string;
  idNumber?: string;
  phone?: string;
  county?: County;
  employer?: string;
  employerInDazhou?: boolean;
  skillLevel?: SkillLevel | null;
  certificateNo?: string;
  occupationCode?: string;
}

export interface RegisterForm {
  teamName?: string;
  members?: PersonForm[];
}

/** A field of the form as antd names it: `['members', 0, 'idNumber']`, `['teamName']`. */
export type FieldPath = (string | number)[];

export interface FormIssue {
  name: FieldPath;
  message: string;
}

export type RegistrationCheck =
  | { ok: true; body: RegisterBody }
  | { ok: false; issues: FormIssue[]; rest: string[] };

/** The fields of one person, in the order the form shows them. */
export const PERSON_FIELDS = [
  'name',
  'idNumber',
  'phone',
  'county',
  'employer',
  'employerInDazhou',
  'skillLevel',
  'certificateNo',
  'occupationCode',
] as const satisfies readonly (keyof PersonForm)[];

/** Every field of a form for `teamSize` people (for clearing and placing errors). */
export function registeredPaths(teamSize: number): FieldPath[] {
  const paths: FieldPath[] = teamSize > 1 ? [['teamName']] : [];
  for (let i = 0; i < teamSize; i += 1) for (const field of PERSON_FIELDS) paths.push(['members', i, field]);
  return paths;
}

/**
 * A new form: one person per team place, the first (the one registering) filled in from their
 * profile, everyone's occupation the event's.
 */
export function newRegisterForm(
  teamSize: number,
  occupationCode: string,
  profile?: Pick<ProfileReply, 'displayName' | 'phone' | 'idNumber'> | null,
): RegisterForm {
  const blank = (): PersonForm => ({ employerInDazhou: false, skillLevel: null, occupationCode });
  const members = Array.from({ length: Math.max(1, teamSize) }, blank);
  if (profile) {
    members[0] = {
      ...members[0],
      name: profile.displayName,
      phone: profile.phone ?? undefined,
      idNumber: profile.idNumber ?? undefined,
    };
  }
  return { teamName: teamSize > 1 ? '' : undefined, members };
}

/** `members.0.idNumber` (a server issue) or zod's path array as the form's field path. */
export function issuePath(path: string | readonly PropertyKey[]): FieldPath {
  const parts = typeof path === 'string' ? (path === '(body)' ? [] : path.split('.')) : [...path];
  return parts.map((p) => (typeof p === 'number' ? p : /^\d+$/.test(String(p)) ? Number(p) : String(p)));
}

/** Plain words for a value left out altogether (zod's enum message reads like a type error). */
const MISSING: Partial<Record<keyof PersonForm, string>> = {
  county: '请选择所在区县',
  occupationCode: '请选择报名职业（工种）',
};

const trimmed = (v: string | undefined) => (v ?? '').trim();

/**
 * What the form holds as the body the API takes: a team's name only for a team, an empty
 * certificate number as none.
 */
export function registerCandidate(values: RegisterForm, teamSize: number): unknown {
  return {
    teamName: teamSize > 1 ? trimmed(values.teamName) : null,
    members: (values.members ?? []).slice(0, Math.max(1, teamSize)).map((m) => ({
      name: m?.name ?? '',
      idNumber: m?.idNumber ?? '',
      phone: m?.phone ?? '',
      county: m?.county,
      employer: m?.employer ?? '',
      employerInDazhou: m?.employerInDazhou ?? false,
      skillLevel: m?.skillLevel ?? null,
      certificateNo: trimmed(m?.certificateNo) || null,
      occupationCode: m?.occupationCode ?? '',
    })),
  };
}

/**
 * Checks the form against `RegisterBody`, plus what the contract leaves to the domain: each
 * resident ID's check digit and birth date, a team's name, no person twice in one team.
 * Issues come once per field, the plainest first.
 */
export function checkRegistration(values: RegisterForm, teamSize: number): RegistrationCheck {
  const candidate = registerCandidate(values, teamSize) as { teamName: string | null; members: PersonForm[] };
  const parsed = RegisterBody.safeParse(candidate);
  const issues: FormIssue[] = [];
  const rest: string[] = [];
  const known = new Set(registeredPaths(teamSize).map((p) => JSON.stringify(p)));
  const add = (name: FieldPath, message: string) => {
    if (!known.has(JSON.stringify(name))) rest.push(message);
    else if (!issues.some((i) => JSON.stringify(i.name) === JSON.stringify(name))) issues.push({ name, message });
  };

  if (teamSize > 1 && !candidate.teamName) add(['teamName'], '请填写团队名称');
  candidate.members.forEach((m, i) => {
    for (const [field, message] of Object.entries(MISSING)) {
      const value = m[field as keyof PersonForm];
      if (value === undefined || value === '') add(['members', i, field], message);
    }
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(issuePath(issue.path), issue.message);
  }
  const seen = new Map<string, number>();
  candidate.members.forEach((m, i) => {
    const id = trimmed(m.idNumber).toUpperCase();
    if (!/^\d{17}[\dX]$/.test(id)) return;
    const result = parseResidentId(id);
    if (!result.ok) add(['members', i, 'idNumber'], result.reason);
    else if (seen.has(id)) add(['members', i, 'idNumber'], `与第 ${(seen.get(id) ?? 0) + 1} 位成员的身份证号相同`);
    else seen.set(id, i);
  });

  if (parsed.success && issues.length === 0 && rest.length === 0) return { ok: true, body: parsed.data };
  return { ok: false, issues, rest };
}
