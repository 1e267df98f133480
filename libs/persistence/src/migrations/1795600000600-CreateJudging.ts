import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Judging (评分): marking schemes, judge assignments, marks and sign-offs.
 *
 * - `mark` is append-only: originals, corrections and the chief judge's decisions on them are
 *   rows; nothing is ever updated or deleted. The application's role has no UPDATE, DELETE or
 *   TRUNCATE on it (as for audit_log), and triggers refuse them for everyone else too.
 * - Each event's marks form a hash chain in `seq` order: `hash` = SHA-256 of the previous row's
 *   hash and the row's canonical content (libs/domain mark-chain). Rows are appended under a
 *   per-event advisory lock, so the chain is linear.
 * - A mark is stored at most once per (judge, idempotency key), and a judge has at most one
 *   original mark per (entry, stage, aspect): later changes are corrections.
 * - `signoff` (the chief judge's 签核 of an entry's stage) is append-only the same way.
 * - One chief judge (裁判长) per event: a partial unique index.
 */
export class CreateJudging1795600000600 implements MigrationInterface {
  name = 'CreateJudging1795600000600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "marking_scheme" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "stage" text NOT NULL,
        "scheme" jsonb NOT NULL,
        "method" text NOT NULL CHECK ("method" IN ('mean','trimmed_mean','median')),
        "total_marks" int NOT NULL CHECK ("total_marks" > 0),
        "version" int NOT NULL DEFAULT 1,
        "updated_by" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_marking_scheme_stage" UNIQUE ("event_id", "stage")
      )`);
    await queryRunner.query(`
      CREATE TABLE "judge_assignment" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "judge_user_id" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "role" text NOT NULL CHECK ("role" IN ('judge','chief')),
        "entry_ids" uuid[],
        "stations" int[],
        "aspect_keys" text[],
        "judge_employer" text,
        "recused" boolean NOT NULL DEFAULT false,
        "recusals" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "override_reason" text,
        "override_by" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "override_at" timestamptz,
        "assigned_by" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_judge_assignment_judge" UNIQUE ("event_id", "judge_user_id"),
        CONSTRAINT "ck_judge_assignment_override" CHECK (("override_reason" IS NULL) = ("override_by" IS NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_judge_assignment_chief" ON "judge_assignment" ("event_id") WHERE "role" = 'chief'`);
    await queryRunner.query(`CREATE INDEX "ix_judge_assignment_judge" ON "judge_assignment" ("judge_user_id")`);
    await queryRunner.query(`
      CREATE TABLE "mark" (
        "id" uuid PRIMARY KEY,
        "seq" bigint NOT NULL CHECK ("seq" > 0),
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "entry_id" uuid NOT NULL REFERENCES "entry"("id") ON DELETE RESTRICT,
        "stage" text NOT NULL,
        "aspect_key" text NOT NULL,
        "judge_user_id" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "value" int NOT NULL CHECK ("value" >= 0),
        "kind" text NOT NULL CHECK ("kind" IN ('original','correction','correction_approval','correction_rejection')),
        "refers_to" uuid REFERENCES "mark"("id") ON DELETE RESTRICT,
        "reason" text,
        "idempotency_key" uuid NOT NULL,
        "created_at" timestamptz NOT NULL,
        "prev_hash" text,
        "hash" text NOT NULL,
        CONSTRAINT "uq_mark_judge_key" UNIQUE ("judge_user_id", "idempotency_key"),
        CONSTRAINT "uq_mark_event_seq" UNIQUE ("event_id", "seq"),
        CONSTRAINT "ck_mark_refers" CHECK (("kind" = 'original') = ("refers_to" IS NULL)),
        CONSTRAINT "ck_mark_reason" CHECK ("kind" IN ('original','correction_approval') OR "reason" IS NOT NULL),
        CONSTRAINT "ck_mark_link" CHECK (("seq" = 1) = ("prev_hash" IS NULL))
      )`);
    // One original per judge, entry, stage and aspect: a change is a correction row.
    await queryRunner.query(`
      CREATE UNIQUE INDEX "uq_mark_original" ON "mark" ("event_id", "entry_id", "stage", "aspect_key", "judge_user_id")
      WHERE "kind" = 'original'`);
    // At most one decision (approval or rejection) on a correction.
    await queryRunner.query(`
      CREATE UNIQUE INDEX "uq_mark_decision" ON "mark" ("refers_to")
      WHERE "kind" IN ('correction_approval','correction_rejection')`);
    await queryRunner.query(`CREATE INDEX "ix_mark_entry" ON "mark" ("event_id", "entry_id", "stage")`);
    await queryRunner.query(`CREATE INDEX "ix_mark_refers" ON "mark" ("refers_to")`);
    await queryRunner.query(`
      CREATE TABLE "signoff" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "entry_id" uuid NOT NULL REFERENCES "entry"("id") ON DELETE RESTRICT,
        "stage" text NOT NULL,
        "chief_user_id" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_signoff_entry_stage" UNIQUE ("event_id", "entry_id", "stage")
      )`);

    // Append-only in the database itself, for every role (the owner can only get round it by
    // disabling the trigger, which the chain verification then exposes).
    await queryRunner.query(`
      CREATE FUNCTION "append_only_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    for (const table of ['mark', 'signoff']) {
      await queryRunner.query(`
        CREATE TRIGGER "${table}_no_update_delete" BEFORE UPDATE OR DELETE ON "${table}"
        FOR EACH ROW EXECUTE FUNCTION "append_only_reject_change"()`);
      await queryRunner.query(`
        CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}"
        FOR EACH STATEMENT EXECUTE FUNCTION "append_only_reject_change"()`);
    }
    // Each append records its seq and hash in audit_log (append-only as well): the anchor
    // that shows a deleted tail of the chain.
    await queryRunner.query(`
      CREATE INDEX "ix_audit_log_mark_seq" ON "audit_log" ((("detail"->>'eventId')), ((("detail"->>'seq')::bigint)))
      WHERE "entity_type" = 'mark'`);
    // The default privileges (HardenIdentity) gave dz_app everything on new tables.
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "mark", "signoff" FROM dz_app`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_audit_log_mark_seq"`);
    await queryRunner.query(`DROP TABLE "signoff"`);
    await queryRunner.query(`DROP TABLE "mark"`);
    await queryRunner.query(`DROP FUNCTION "append_only_reject_change"()`);
    await queryRunner.query(`DROP TABLE "judge_assignment"`);
    await queryRunner.query(`DROP TABLE "marking_scheme"`);
  }
}
