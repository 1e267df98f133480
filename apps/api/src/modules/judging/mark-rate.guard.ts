import { AppError, ErrorCode } from '@dz/contracts';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { TokenBucket } from '../../common/token-bucket';
import type { RequestWithPrincipal } from '../auth/principal';
import { API_CONFIG, type ApiConfig } from '../../config/api-config';

/** Judges remembered at most; past it the buckets start afresh (a judge then gets a full burst). */
const MAX_JUDGES = 10_000;

/**
 * The HTTP fallback of `mark.submit` is rate-limited per judge as the socket is per connection.
 * A guard, so it runs before the body is parsed: a flood of malformed bodies is limited too.
 * The buckets live in this process (each API replica keeps its own).
 */
@Injectable()
export class MarkRateGuard implements CanActivate {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
    // The route's policy has already required a signed-in judge; without one there is nothing to count.
    if (!principal) return true;
    const now = Date.now();
    let bucket = this.buckets.get(principal.user.id);
    if (!bucket) {
      if (this.buckets.size >= MAX_JUDGES) this.buckets.clear();
      bucket = new TokenBucket(this.config.MARK_RATE_PER_SECOND, this.config.MARK_RATE_BURST, now);
      this.buckets.set(principal.user.id, bucket);
    }
    if (!bucket.take(now)) throw new AppError(ErrorCode.TooManyRequests, '提交过于频繁，请稍后用原幂等键重发');
    return true;
  }
}
