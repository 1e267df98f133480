import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Results (成绩), the notice period (成绩公示) and appeals (申诉).
 *
 * - `entry.disqualified_*`: 取消资格 with its reason; such an entry is listed apart and takes no rank.
 * - `result_version`: each computation of an event's results, numbered 1, 2, 3 …, with the
 *   hash of its inputs (UNIQUE per event: computing the same inputs again finds the version
 *   instead of adding one) and the inputs themselves, so a published result can be reproduced.
 *   Append-only.
 * - `result_notice`: the version under notice and the period; then the final version.
 * - `appeal` and `appeal_attachment`: a contestant's appeal with files, decided in writing by
 *   the chief judge or the bureau.
 */
export class CreateResults1795600000800 implements MigrationInterface {
  name = 'CreateResults1795600000800';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "entry"
        ADD COLUMN "disqualified_at" timestamptz,
        ADD COLUMN "disqualified_reason" text,
        ADD COLUMN "disqualified_by" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        ADD CONSTRAINT "ck_entry_disqualified" CHECK (("disqualified_at" IS NULL) = ("disqualified_reason" IS NULL))`);
    await queryRunner.query(`
      CREATE TABLE "result_version" (
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "version" integer NOT NULL CHECK ("version" >= 1),
        "inputs_hash" text NOT NULL,
        "algorithm" text NOT NULL,
        "cause" text NOT NULL CHECK ("cause" IN ('scoring_closed','appeal','recompute')),
        "inputs" jsonb NOT NULL,
        "results" jsonb NOT NULL,
        "created_by" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("event_id", "version"),
        CONSTRAINT "uq_result_version_inputs" UNIQUE ("event_id", "inputs_hash")
      )`);
    await queryRunner.query(`
      CREATE TRIGGER "result_version_no_update_delete" BEFORE UPDATE OR DELETE ON "result_version"
      FOR EACH ROW EXECUTE FUNCTION "append_only_reject_change"()`);
    await queryRunner.query(`
      CREATE TRIGGER "result_version_no_truncate" BEFORE TRUNCATE ON "result_version"
      FOR EACH STATEMENT EXECUTE FUNCTION "append_only_reject_change"()`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "result_version" FROM dz_app`);
    await queryRunner.query(`
      CREATE TABLE "result_notice" (
        "event_id" uuid PRIMARY KEY REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "version" integer NOT NULL,
        "starts_on" date NOT NULL,
        "ends_on" date NOT NULL,
        "opened_by" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "opened_at" timestamptz NOT NULL DEFAULT now(),
        "final_version" integer,
        "final_by" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "final_at" timestamptz,
        CONSTRAINT "ck_result_notice_period" CHECK ("starts_on" <= "ends_on"),
        CONSTRAINT "fk_result_notice_version" FOREIGN KEY ("event_id", "version") REFERENCES "result_version"("event_id", "version"),
        CONSTRAINT "fk_result_notice_final" FOREIGN KEY ("event_id", "final_version") REFERENCES "result_version"("event_id", "version")
      )`);
    await queryRunner.query(`REVOKE DELETE, TRUNCATE ON "result_notice" FROM dz_app`);
    await queryRunner.query(`
      CREATE TABLE "appeal" (
        "id" uuid PRIMARY KEY,
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "entry_id" uuid NOT NULL REFERENCES "entry"("id") ON DELETE RESTRICT,
        "filed_by" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "reason" text NOT NULL,
        "filed_against_version" integer,
        "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open','upheld','rejected')),
        "answer" text,
        "decided_by" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "decided_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "ck_appeal_decided" CHECK (("status" = 'open') = ("decided_at" IS NULL) AND ("status" = 'open') = ("answer" IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX "ix_appeal_event" ON "appeal" ("event_id", "status")`);
    await queryRunner.query(`CREATE INDEX "ix_appeal_entry" ON "appeal" ("entry_id")`);
    await queryRunner.query(`
      CREATE TABLE "appeal_attachment" (
        "id" uuid PRIMARY KEY,
        "appeal_id" uuid NOT NULL REFERENCES "appeal"("id") ON DELETE RESTRICT,
        "file_name" text NOT NULL,
        "content_type" text NOT NULL,
        "size_bytes" integer NOT NULL,
        "sha256" text NOT NULL,
        "content" bytea NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "ix_appeal_attachment_appeal" ON "appeal_attachment" ("appeal_id")`);
    await queryRunner.query(`REVOKE DELETE, TRUNCATE ON "appeal", "appeal_attachment" FROM dz_app`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "appeal_attachment"`);
    await queryRunner.query(`DROP TABLE "appeal"`);
    await queryRunner.query(`DROP TABLE "result_notice"`);
    await queryRunner.query(`DROP TABLE "result_version"`);
    await queryRunner.query(`ALTER TABLE "entry" DROP CONSTRAINT "ck_entry_disqualified", DROP COLUMN "disqualified_by", DROP COLUMN "disqualified_reason", DROP COLUMN "disqualified_at"`);
  }
}
