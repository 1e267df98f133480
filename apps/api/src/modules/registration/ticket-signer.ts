import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'DZT1';

/**
 * Signs what an admission ticket's (准考证) QR code carries: `DZT1.<entry id>.<signature>`. It
 * holds nothing personal; the signature (HMAC-SHA256, truncated to 128 bits) stops anyone from
 * making a ticket for an entry by guessing its id.
 */
export class TicketSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('dz-ticket-v1').digest();
  }

  payload(entryId: string): string {
    return `${PREFIX}.${entryId}.${this.signature(entryId)}`;
  }

  /** The entry id of a genuine payload, else null. */
  verify(payload: string): string | null {
    const [prefix, entryId, signature, ...rest] = payload.trim().split('.');
    if (prefix !== PREFIX || !entryId || !signature || rest.length > 0) return null;
    const expected = Buffer.from(this.signature(entryId));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given) ? entryId : null;
  }

  private signature(entryId: string): string {
    return createHmac('sha256', this.key).update(entryId.toLowerCase()).digest().subarray(0, 16).toString('base64url');
  }
}
