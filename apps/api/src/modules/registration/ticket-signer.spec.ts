import { TicketPayload } from '@dz/contracts';
import { TicketSigner } from './ticket-signer';

describe('TicketSigner', () => {
  const signer = new TicketSigner('a-secret-of-at-least-thirty-two-characters');
  const id = '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';

  it('should round-trip an entry id through a payload the contract accepts', () => {
    const payload = signer.payload(id);
    expect(TicketPayload.safeParse(payload).success).toBe(true);
    expect(signer.verify(payload)).toBe(id);
  });

  it.each([
    ['another entry id', (p: string) => p.replace(id, '00000000-0000-4000-8000-000000000001')],
    ['a changed signature', (p: string) => `${p.slice(0, -1)}${p.endsWith('A') ? 'B' : 'A'}`],
    ['another prefix', (p: string) => p.replace('DZT1', 'DZT2')],
    ['an extra part', (p: string) => `${p}.x`],
    ['nothing', () => ''],
  ])('should refuse %s', (_, tamper) => {
    expect(signer.verify(tamper(signer.payload(id)))).toBeNull();
  });

  it('should refuse a payload signed with another secret', () => {
    const other = new TicketSigner('another-secret-of-at-least-thirty-two-chars');
    expect(signer.verify(other.payload(id))).toBeNull();
  });
});
