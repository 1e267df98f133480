import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';

export type TokenPurpose = 'access' | 'totp' | 'totp_enroll';

export interface TokenClaims {
  typ: TokenPurpose;
  /** User id. */
  sub: string;
  /** Session id (access tokens only). */
  sid?: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const b64 = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/**
 * Compact signed tokens (HMAC-SHA256, `payload.signature`, both base64url): short-lived access
 * tokens and the 5-minute challenge between the password and the second factor. Access tokens
 * are also checked against their session on every use, so revocation is immediate.
 */
@Injectable()
export class TokenService {
  private readonly key: Buffer;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.key = Buffer.from(config.AUTH_TOKEN_SECRET, 'utf8');
  }

  sign(claims: TokenClaims): string {
    const payload = b64(JSON.stringify(claims));
    return `${payload}.${this.signature(payload)}`;
  }

  /** The claims when the signature is good, the purpose matches and it has not expired. */
  verify(token: string | undefined, purpose: TokenPurpose, nowMs: number): TokenClaims | null {
    if (!token || token.length > 2048) return null;
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.signature(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
      if (claims.typ !== purpose || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
      return claims.exp * 1000 > nowMs ? claims : null;
    } catch {
      return null;
    }
  }

  private signature(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
