import { AppError, ErrorCode } from '@dz/contracts';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { TokenBucket } from '../../common/token-bucket';

/**
 * Public board reads per client address: 20 a second, bursts of 60. Generous, since a venue's
 * phones may share one address behind its Wi-Fi; boards follow the socket feed and read a
 * snapshot only on joining or after a gap.
 */
export const PUBLIC_BOARD_RATE = { perSecond: 20, burst: 60 } as const;

/** Addresses remembered at most; past it the buckets start afresh. */
const MAX_ADDRESSES = 50_000;

export class AddressBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly rate: { perSecond: number; burst: number }) {}

  take(address: string, now = Date.now()): boolean {
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= MAX_ADDRESSES) this.buckets.clear();
      bucket = new TokenBucket(this.rate.perSecond, this.rate.burst, now);
      this.buckets.set(address, bucket);
    }
    return bucket.take(now);
  }
}

/** Rate-limits the public board's HTTP reads per client address (the public needs no login). */
@Injectable()
export class PublicBoardRateGuard implements CanActivate {
  private readonly buckets = new AddressBuckets(PUBLIC_BOARD_RATE);

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!this.buckets.take(request.ip ?? 'unknown')) throw new AppError(ErrorCode.TooManyRequests, '请求过于频繁，请稍后再试');
    return true;
  }
}
