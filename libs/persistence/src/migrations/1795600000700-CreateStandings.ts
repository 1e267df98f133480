import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live standings (实时排名).
 *
 * - `event_board`: the event's public board setting (live, frozen after a time, hidden until
 *   results), blind or not, and the tie-break chain. No row means the defaults (live, blind).
 * - `standing_delta`: the event feed. Each change to an event's standings is one row with the
 *   next `seq` of the event (1, 2, 3 … no gaps: written under the event's mark lock, in the
 *   same transaction as the marks that caused it) and the absolute staff rows of the entries it
 *   changed. Clients replay it from the last seq they hold (as CLICS's since_token), so it
 *   survives a restart. Append-only like `mark`.
 * - `standing`: each entry's current row (the fold of the feed), for snapshots in one read.
 */
export class CreateStandings1795600000700 implements MigrationInterface {
  name = 'CreateStandings1795600000700';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "event_board" (
        "event_id" uuid PRIMARY KEY REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "public_mode" text NOT NULL CHECK ("public_mode" IN ('live','freeze','hidden')),
        "freeze_at" timestamptz,
        "blind" boolean NOT NULL,
        "tie_breaks" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "updated_by" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "ck_event_board_freeze" CHECK ("public_mode" <> 'freeze' OR "freeze_at" IS NOT NULL)
      )`);
    await queryRunner.query(`
      CREATE TABLE "standing_delta" (
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "seq" bigint NOT NULL CHECK ("seq" >= 1),
        "at" timestamptz NOT NULL,
        "cause" text NOT NULL,
        "rows" jsonb NOT NULL,
        PRIMARY KEY ("event_id", "seq")
      )`);
    await queryRunner.query(`
      CREATE TABLE "standing" (
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "entry_id" uuid NOT NULL REFERENCES "entry"("id") ON DELETE RESTRICT,
        "seq" bigint NOT NULL,
        "row" jsonb NOT NULL,
        PRIMARY KEY ("event_id", "entry_id")
      )`);
    await queryRunner.query(`
      CREATE TRIGGER "standing_delta_no_update_delete" BEFORE UPDATE OR DELETE ON "standing_delta"
      FOR EACH ROW EXECUTE FUNCTION "append_only_reject_change"()`);
    await queryRunner.query(`
      CREATE TRIGGER "standing_delta_no_truncate" BEFORE TRUNCATE ON "standing_delta"
      FOR EACH STATEMENT EXECUTE FUNCTION "append_only_reject_change"()`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "standing_delta" FROM dz_app`);
    await queryRunner.query(`REVOKE DELETE, TRUNCATE ON "standing" FROM dz_app`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "standing"`);
    await queryRunner.query(`DROP TABLE "standing_delta"`);
    await queryRunner.query(`DROP TABLE "event_board"`);
  }
}
