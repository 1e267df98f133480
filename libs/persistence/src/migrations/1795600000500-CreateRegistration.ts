import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registration (报名): entries and their members, Excel imports, draws (抽签) and check-in (检录).
 *
 * - One person, one entry per event: a unique index over (event, ID-number HMAC) of the members
 *   of live entries. A rejected or withdrawn entry releases its members (`active = false`), so
 *   the person may register again.
 * - `number` is the arrival order within the event, handed out under a lock on the event row;
 *   the waitlist is served in that order.
 * - An uploaded Excel file is kept in `registration_import_file` (api and worker share no disk).
 * - A draw commits to SHA-256 hashes of its seeds first; the seeds are stored here until they
 *   are revealed and are never sent before that.
 */
export class CreateRegistration1795600000500 implements MigrationInterface {
  name = 'CreateRegistration1795600000500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "registration_import" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "created_by" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "filename" text NOT NULL,
        "file_sha256" text NOT NULL,
        "file_size" int NOT NULL CHECK ("file_size" > 0),
        "mode" text NOT NULL CHECK ("mode" IN ('valid_rows','all_or_nothing')),
        "status" text NOT NULL DEFAULT 'queued' CHECK ("status" IN ('queued','running','done','failed')),
        "total_rows" int NOT NULL DEFAULT 0,
        "processed_rows" int NOT NULL DEFAULT 0,
        "imported" int NOT NULL DEFAULT 0,
        "duplicates" int NOT NULL DEFAULT 0,
        "error_count" int NOT NULL DEFAULT 0,
        "errors" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "message" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "started_at" timestamptz,
        "finished_at" timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX "ix_registration_import_event" ON "registration_import" ("event_id", "created_at" DESC)`);
    // The uploaded file itself, in the database: api and worker may run on different hosts.
    await queryRunner.query(`
      CREATE TABLE "registration_import_file" (
        "import_id" uuid PRIMARY KEY REFERENCES "registration_import"("id") ON DELETE CASCADE,
        "data" bytea NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "entry" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "number" int NOT NULL CHECK ("number" > 0),
        "status" text NOT NULL CHECK ("status" IN ('submitted','approved','rejected','waitlisted','withdrawn')),
        "source" text NOT NULL CHECK ("source" IN ('self','import')),
        "team_name" text,
        "registrant_user_id" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "import_id" uuid REFERENCES "registration_import"("id") ON DELETE RESTRICT,
        "reason" text,
        "workstation" int,
        "checkin_code" text,
        "judging_code" text,
        "attendance" text NOT NULL DEFAULT 'pending' CHECK ("attendance" IN ('pending','checked_in','late','no_show')),
        "checked_in_at" timestamptz,
        "checked_in_by" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "late_reason" text,
        "version" int NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_entry_event_number" UNIQUE ("event_id", "number"),
        CONSTRAINT "uq_entry_event_workstation" UNIQUE ("event_id", "workstation"),
        CONSTRAINT "uq_entry_event_judging_code" UNIQUE ("event_id", "judging_code")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_entry_event_status" ON "entry" ("event_id", "status", "number")`);
    await queryRunner.query(`CREATE INDEX "ix_entry_registrant" ON "entry" ("registrant_user_id")`);
    await queryRunner.query(`
      CREATE TABLE "entry_member" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "entry_id" uuid NOT NULL REFERENCES "entry"("id") ON DELETE RESTRICT,
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "position" int NOT NULL,
        "name" text NOT NULL,
        "id_number_enc" text NOT NULL,
        "id_number_hmac" text NOT NULL,
        "id_number_masked" text NOT NULL,
        "phone_enc" text NOT NULL,
        "phone_masked" text NOT NULL,
        "county" text NOT NULL,
        "employer" text NOT NULL,
        "employer_in_dazhou" boolean NOT NULL,
        "skill_level" text,
        "certificate_no" text,
        "occupation_code" text NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        CONSTRAINT "uq_entry_member_position" UNIQUE ("entry_id", "position")
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_entry_member_person_per_event" ON "entry_member" ("event_id", "id_number_hmac") WHERE "active"`,
    );
    await queryRunner.query(`CREATE INDEX "ix_entry_member_person" ON "entry_member" ("id_number_hmac")`);
    await queryRunner.query(`
      CREATE TABLE "draw" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "round" int NOT NULL,
        "status" text NOT NULL CHECK ("status" IN ('committed','drawn','superseded')),
        "algorithm" text NOT NULL,
        "two_stage" boolean NOT NULL,
        "seed" text NOT NULL,
        "seed_commitment" text NOT NULL,
        "seed_revealed" boolean NOT NULL DEFAULT false,
        "code_seed" text NOT NULL,
        "code_seed_commitment" text NOT NULL,
        "code_seed_revealed" boolean NOT NULL DEFAULT false,
        "entries" jsonb NOT NULL,
        "assignments" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "reason" text,
        "committed_by" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "committed_at" timestamptz NOT NULL DEFAULT now(),
        "drawn_at" timestamptz,
        "superseded_at" timestamptz,
        CONSTRAINT "uq_draw_event_round" UNIQUE ("event_id", "round")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_draw_live_per_event" ON "draw" ("event_id") WHERE "status" <> 'superseded'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "draw"`);
    await queryRunner.query(`DROP TABLE "entry_member"`);
    await queryRunner.query(`DROP TABLE "entry"`);
    await queryRunner.query(`DROP TABLE "registration_import_file"`);
    await queryRunner.query(`DROP TABLE "registration_import"`);
  }
}
