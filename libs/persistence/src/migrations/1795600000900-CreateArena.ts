import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The arena format (擂台赛).
 *
 * - `arena_setting`: one per event: the stage whose scheme scores the bouts, the tie rule, the
 *   first holder and how they were chosen, the challenger order (drawn with the recorded seed,
 *   or set) and `seq`, the arena's change counter (+1 per setup, bout opened, mark, bout
 *   decided; every writer holds the row's lock, so it runs without gaps).
 * - `arena_bout`: the bouts, numbered from 1, at most one open per event; a decided bout is
 *   final (a trigger refuses changing or deleting it).
 * - `arena_mark`: judges' bout marks, append-only, one per (bout, entry, aspect, judge) and at
 *   most one per (judge, idempotency key). A holder is marked again in every bout, so these are
 *   not rows of `mark` (one original per entry, stage, aspect and judge).
 */
export class CreateArena1795600000900 implements MigrationInterface {
  name = 'CreateArena1795600000900';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "arena_setting" (
        "event_id" uuid PRIMARY KEY REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "stage" text NOT NULL,
        "tie_rule" text NOT NULL CHECK ("tie_rule" IN ('holder_keeps','challenger_wins')),
        "first_holder_mode" text NOT NULL CHECK ("first_holder_mode" IN ('qualifying_top','last_champion')),
        "first_holder_entry_id" uuid NOT NULL REFERENCES "entry"("id") ON DELETE RESTRICT,
        "qualifying_stage" text,
        "order_mode" text NOT NULL CHECK ("order_mode" IN ('drawn','set')),
        "order_seed" text CHECK ("order_seed" ~ '^[0-9a-f]{64}$'),
        "challenger_entry_ids" uuid[] NOT NULL,
        "seq" bigint NOT NULL DEFAULT 0,
        "updated_by" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "ck_arena_setting_seed" CHECK (("order_mode" = 'drawn') = ("order_seed" IS NOT NULL)),
        CONSTRAINT "ck_arena_setting_qualifying" CHECK (("first_holder_mode" = 'qualifying_top') = ("qualifying_stage" IS NOT NULL))
      )`);
    await queryRunner.query(`
      CREATE TABLE "arena_bout" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "number" integer NOT NULL CHECK ("number" >= 1),
        "holder_entry_id" uuid NOT NULL REFERENCES "entry"("id") ON DELETE RESTRICT,
        "challenger_entry_id" uuid NOT NULL REFERENCES "entry"("id") ON DELETE RESTRICT,
        "status" text NOT NULL CHECK ("status" IN ('open','decided')),
        "holder_score" integer,
        "challenger_score" integer,
        "outcome" text CHECK ("outcome" IN ('defended','taken')),
        "opened_by" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "opened_at" timestamptz NOT NULL DEFAULT now(),
        "decided_by" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "decided_at" timestamptz,
        CONSTRAINT "uq_arena_bout_number" UNIQUE ("event_id", "number"),
        CONSTRAINT "ck_arena_bout_sides" CHECK ("holder_entry_id" <> "challenger_entry_id"),
        CONSTRAINT "ck_arena_bout_decided" CHECK (
          ("status" = 'open' AND "outcome" IS NULL AND "decided_at" IS NULL AND "holder_score" IS NULL AND "challenger_score" IS NULL)
          OR ("status" = 'decided' AND "outcome" IS NOT NULL AND "decided_at" IS NOT NULL AND "decided_by" IS NOT NULL
              AND "holder_score" IS NOT NULL AND "challenger_score" IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_arena_bout_open" ON "arena_bout" ("event_id") WHERE "status" = 'open'`);
    await queryRunner.query(`
      CREATE FUNCTION "arena_bout_decided_is_final"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD."status" = 'decided' THEN
          RAISE EXCEPTION 'arena_bout: a decided bout is final, and bouts are never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "arena_bout_final" BEFORE UPDATE OR DELETE ON "arena_bout"
      FOR EACH ROW EXECUTE FUNCTION "arena_bout_decided_is_final"()`);
    await queryRunner.query(`
      CREATE TABLE "arena_mark" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "bout_id" uuid NOT NULL REFERENCES "arena_bout"("id") ON DELETE RESTRICT,
        "entry_id" uuid NOT NULL REFERENCES "entry"("id") ON DELETE RESTRICT,
        "aspect_key" text NOT NULL,
        "judge_user_id" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "value" integer NOT NULL CHECK ("value" >= 0),
        "idempotency_key" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_arena_mark_slot" UNIQUE ("bout_id", "entry_id", "aspect_key", "judge_user_id"),
        CONSTRAINT "uq_arena_mark_judge_key" UNIQUE ("judge_user_id", "idempotency_key")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_arena_mark_event" ON "arena_mark" ("event_id", "bout_id")`);
    await queryRunner.query(`
      CREATE TRIGGER "arena_mark_no_update_delete" BEFORE UPDATE OR DELETE ON "arena_mark"
      FOR EACH ROW EXECUTE FUNCTION "append_only_reject_change"()`);
    await queryRunner.query(`
      CREATE TRIGGER "arena_mark_no_truncate" BEFORE TRUNCATE ON "arena_mark"
      FOR EACH STATEMENT EXECUTE FUNCTION "append_only_reject_change"()`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "arena_mark" FROM dz_app`);
    await queryRunner.query(`REVOKE DELETE, TRUNCATE ON "arena_bout" FROM dz_app`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "arena_mark"`);
    await queryRunner.query(`DROP TABLE "arena_bout"`);
    await queryRunner.query(`DROP FUNCTION "arena_bout_decided_is_final"()`);
    await queryRunner.query(`DROP TABLE "arena_setting"`);
  }
}
