import { canWithdraw, entryPeopleText, entryStatusNote, registrationOpen, seatsText, ticketFromScan } from './registration';

const TICKET = 'DZT1.0f8fad5b-d9cb-469f-a165-70867728950e.AbCdEf0123456789_-xy';

describe('ticketFromScan', () => {
  it('should read the payload from a paste with spaces and line breaks', () => {
    expect(ticketFromScan(`  ${TICKET}\n`)).toBe(TICKET);
  });

  it('should find the payload inside a link a phone camera handed over', () => {
    expect(ticketFromScan(`https://example.cn/t?c=${TICKET}`)).toBe(TICKET);
  });

  it('should give null for anything else', () => {
    expect(ticketFromScan('')).toBeNull();
    expect(ticketFromScan('DZT1.not-a-ticket')).toBeNull();
    expect(ticketFromScan('511702199503151234')).toBeNull();
  });
});

describe('entryStatusNote', () => {
  it('should give the waitlist position', () => {
    expect(entryStatusNote({ status: 'waitlisted', waitlistPosition: 3, reason: null })).toContain('候补第 3 位');
  });

  it('should give the reason of a refusal', () => {
    expect(entryStatusNote({ status: 'rejected', waitlistPosition: null, reason: '年龄不符' })).toBe('未通过原因：年龄不符');
  });

  it('should say nothing more for an approved entry', () => {
    expect(entryStatusNote({ status: 'approved', waitlistPosition: null, reason: null })).toBeNull();
  });
});

describe('canWithdraw', () => {
  it('should let an entry that holds or waits for a seat be withdrawn, and no other', () => {
    expect(canWithdraw('submitted')).toBe(true);
    expect(canWithdraw('approved')).toBe(true);
    expect(canWithdraw('waitlisted')).toBe(true);
    expect(canWithdraw('rejected')).toBe(false);
    expect(canWithdraw('withdrawn')).toBe(false);
  });
});

describe('entryPeopleText', () => {
  it('should name a person, or a team with its members', () => {
    expect(entryPeopleText({ teamName: null, members: [{ name: '张三' }] as never })).toBe('张三');
    expect(entryPeopleText({ teamName: '焊花队', members: [{ name: '张三' }, { name: '李四' }] as never })).toBe('焊花队（张三、李四）');
  });
});

describe('seatsText', () => {
  it('should count seats left, by team for a team event', () => {
    expect(seatsText(12, 1)).toBe('剩余名额 12 个');
    expect(seatsText(2, 3)).toBe('剩余名额 2 队');
  });

  it('should say a new entry goes to the waitlist when no seat is left', () => {
    expect(seatsText(0, 1)).toContain('候补');
  });
});

describe('registrationOpen', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  it('should be open for a published event before its closing time only', () => {
    expect(registrationOpen({ status: 'published', registrationClosesAt: '2026-12-10T10:00:00Z' }, now)).toBe(true);
    expect(registrationOpen({ status: 'published', registrationClosesAt: '2026-11-30T10:00:00Z' }, now)).toBe(false);
    expect(registrationOpen({ status: 'registration_closed', registrationClosesAt: '2026-12-10T10:00:00Z' }, now)).toBe(false);
  });
});
