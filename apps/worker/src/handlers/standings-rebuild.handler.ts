import { Rooms, type JobPayload } from '@dz/contracts';
import { publicDeltas } from '@dz/domain';
import { JudgingRepository, StandingsRepository, TransactionRunner } from '@dz/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { OnJob, type JobContext, type JobHandler } from '../jobs/on-job.decorator';
import { SocketEmitter } from '../jobs/socket-emitter';

/**
 * Recomputes every entry's live standing of an event under its mark lock (after its schemes or
 * judges changed, or on request) and, when something changed, publishes the delta to the boards
 * through Redis (@socket.io/redis-emitter), the same path the API's own broadcasts take.
 * Idempotent: a second run finds nothing changed and writes nothing.
 */
@Injectable()
@OnJob('standings.rebuild')
export class StandingsRebuildHandler implements JobHandler<'standings.rebuild'> {
  private readonly logger = new Logger(StandingsRebuildHandler.name);

  constructor(
    private readonly standings: StandingsRepository,
    private readonly judging: JudgingRepository,
    private readonly transactions: TransactionRunner,
    private readonly sockets: SocketEmitter,
  ) {}

  async handle(payload: JobPayload<'standings.rebuild'>, context: JobContext): Promise<void> {
    const { eventId } = payload;
    const delta = await this.transactions.run(async (tx) => {
      await this.judging.lockForMarks(eventId, tx);
      return this.standings.record(eventId, null, 'rebuild', tx);
    });
    this.logger.log({ jobId: context.id, eventId, seq: delta?.seq ?? null, rows: delta?.rows.length ?? 0 }, 'standings rebuilt');
    if (!delta) return;
    this.sockets.toRoom(Rooms.eventStaff(eventId), 'standings.delta', { eventId, room: 'staff', deltas: [delta] });
    const [event, settings] = await Promise.all([this.judging.eventFor(eventId), this.standings.settings(eventId)]);
    const view = { publicMode: settings.publicMode, freezeAt: settings.freezeAt, blind: settings.blind, status: event?.status ?? 'draft', now: new Date() };
    const shared = publicDeltas([delta], view);
    if (shared.length > 0) this.sockets.toRoom(Rooms.eventPublic(eventId), 'standings.delta', { eventId, room: 'public', deltas: shared });
  }
}
