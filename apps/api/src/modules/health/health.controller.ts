import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { Public } from '../auth/access-policy';
import { REDIS } from '../queue/redis.tokens';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Database and Redis reachable: 200; either down: 503 with which one. */
  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 2000 }), () => this.pingRedis()]);
  }

  private async pingRedis() {
    const session = this.indicators.check('redis');
    try {
      const reply = await Promise.race([
        this.redis.ping(),
        new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000)),
      ]);
      return reply === 'PONG' ? session.up() : session.down({ message: `unexpected reply ${reply}` });
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}
