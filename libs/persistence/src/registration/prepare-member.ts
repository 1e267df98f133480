import type { EligibilityFailure, EligibilityRules, EntryPersonBody } from '@dz/contracts';
import { calendarDateInChina, evaluateEligibility, maskPhone, maskResidentId, parseResidentId, personStatisticsFields } from '@dz/domain';
import type { MemberRow } from '../repositories/registration.repository';
import type { PiiCipher } from '../security/pii-cipher';

/** What an entry's eligibility is checked against: the event's rules on its first day. */
export interface EligibilityContext {
  eligibility: EligibilityRules;
  startsAt: Date;
  /** Occupation code → name, for friendlier messages. */
  occupationNames: Readonly<Record<string, string>>;
}

export type PreparedMember =
  | { ok: true; row: MemberRow; idNumber: string }
  | { ok: false; failures: EligibilityFailure[] };

/**
 * Checks one person of an entry (resident ID, then the event's eligibility rules) and, when
 * they qualify, turns them into a stored row: ID number and phone encrypted, an HMAC of the ID
 * number for "one entry per person", and masked copies for lists. Used by a single
 * registration (api) and by the Excel import (worker) alike, so both apply the same rules.
 */
export function checkMember(person: EntryPersonBody, context: EligibilityContext): EligibilityFailure[] {
  const parsed = parseResidentId(person.idNumber);
  if (!parsed.ok) return [{ rule: 'resident_id', message: parsed.reason }];
  return evaluateEligibility(
    context.eligibility,
    {
      residentId: parsed.value.id,
      skillLevel: person.skillLevel,
      county: person.county,
      employerInDazhou: person.employerInDazhou,
      occupationCode: person.occupationCode,
    },
    calendarDateInChina(context.startsAt),
    context.occupationNames,
  ).failures;
}

export function prepareMember(person: EntryPersonBody, context: EligibilityContext, cipher: PiiCipher): PreparedMember {
  const failures = checkMember(person, context);
  if (failures.length > 0) return { ok: false, failures };
  const parsed = parseResidentId(person.idNumber);
  if (!parsed.ok) return { ok: false, failures: [{ rule: 'resident_id', message: parsed.reason }] };
  const idNumber = parsed.value.id;
  return {
    ok: true,
    idNumber,
    row: {
      name: person.name,
      idNumberEnc: cipher.encrypt(idNumber),
      idNumberHmac: cipher.lookupHash(idNumber),
      idNumberMasked: maskResidentId(idNumber),
      phoneEnc: cipher.encrypt(person.phone),
      phoneMasked: maskPhone(person.phone),
      county: person.county,
      employer: person.employer,
      employerInDazhou: person.employerInDazhou,
      skillLevel: person.skillLevel,
      certificateNo: person.certificateNo,
      occupationCode: person.occupationCode,
      ...personStatisticsFields(idNumber, person.employer),
    },
  };
}
