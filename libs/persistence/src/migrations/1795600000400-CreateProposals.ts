import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proposals (申报): the catalogues the bureau keeps (industries as an editable tree, occupations
 * with national codes), the complete event a department drafts, its lifecycle history with
 * per-field review comments, submitted versions for the difference view, the competition plan
 * attachment, and in-app notifications. `version` makes concurrent transitions safe: an update
 * names the version it read, and only one of two concurrent ones matches.
 */
export class CreateProposals1795600000400 implements MigrationInterface {
  name = 'CreateProposals1795600000400';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "industry" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "parent_id" uuid REFERENCES "industry"("id") ON DELETE RESTRICT,
        "name" text NOT NULL,
        "sort" int NOT NULL DEFAULT 0,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_industry_parent_name" UNIQUE NULLS NOT DISTINCT ("parent_id", "name")
      )`);
    await queryRunner.query(`
      CREATE TABLE "occupation" (
        "code" text PRIMARY KEY CHECK ("code" ~ '^\\d-\\d{2}-\\d{2}-\\d{2}$'),
        "name" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      ALTER TABLE "competition_event"
        ADD COLUMN "level" text CHECK ("level" IN ('municipal_industry','municipal_county','special','enterprise_school')),
        ADD COLUMN "industry_id" uuid REFERENCES "industry"("id") ON DELETE RESTRICT,
        ADD COLUMN "rounds" jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN "arena_first_holder" text CHECK ("arena_first_holder" IN ('qualifying_top','last_champion')),
        ADD COLUMN "stages" jsonb NOT NULL DEFAULT '[{"name":"理论","weight":30},{"name":"实操","weight":70}]'::jsonb,
        ADD COLUMN "schedule" jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN "eligibility" jsonb NOT NULL DEFAULT '{"ageMin":null,"ageMax":null,"skillLevelMin":null,"skillLevelMax":null,"counties":[],"requireDazhouEmployer":false,"occupationCodes":[]}'::jsonb,
        ADD COLUMN "awards_plan" jsonb NOT NULL DEFAULT '{"tiers":[{"name":"一等奖","mode":"ratio","value":10,"minScore":60},{"name":"二等奖","mode":"ratio","value":20,"minScore":60},{"name":"三等奖","mode":"ratio","value":30,"minScore":60}],"titles":[],"upgradeRecommendation":false,"craftsmanNominations":0}'::jsonb,
        ADD COLUMN "budget" jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN "co_organizer_ids" uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN "description" text NOT NULL DEFAULT '',
        ADD COLUMN "version" int NOT NULL DEFAULT 1,
        ADD COLUMN "created_by" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT`);
    await queryRunner.query(`CREATE INDEX "ix_competition_event_industry" ON "competition_event" ("industry_id")`);
    await queryRunner.query(`
      CREATE TABLE "event_transition" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "from_status" text NOT NULL,
        "to_status" text NOT NULL,
        "actor_user_id" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "actor_roles" text[] NOT NULL DEFAULT '{}',
        "reason" text,
        "comments" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "ix_event_transition_event" ON "event_transition" ("event_id", "at")`);
    await queryRunner.query(`
      CREATE TABLE "event_version" (
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "number" int NOT NULL,
        "content" jsonb NOT NULL,
        "submitted_by" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "submitted_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("event_id", "number")
      )`);
    await queryRunner.query(`
      CREATE TABLE "event_attachment" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "event_id" uuid NOT NULL UNIQUE REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "filename" text NOT NULL,
        "content_type" text NOT NULL CHECK ("content_type" = 'application/pdf'),
        "size_bytes" int NOT NULL CHECK ("size_bytes" > 0 AND "size_bytes" <= 10485760),
        "sha256" text NOT NULL,
        "storage_key" text NOT NULL,
        "uploaded_by" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "uploaded_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "user_notification" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "title" text NOT NULL,
        "body" text NOT NULL,
        "link" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "read_at" timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX "ix_user_notification_user" ON "user_notification" ("user_id", "created_at" DESC)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "user_notification"`);
    await queryRunner.query(`DROP TABLE "event_attachment"`);
    await queryRunner.query(`DROP TABLE "event_version"`);
    await queryRunner.query(`DROP TABLE "event_transition"`);
    await queryRunner.query(`DROP INDEX "ix_competition_event_industry"`);
    await queryRunner.query(`
      ALTER TABLE "competition_event" DROP COLUMN "created_by", DROP COLUMN "version", DROP COLUMN "description",
        DROP COLUMN "co_organizer_ids", DROP COLUMN "budget", DROP COLUMN "awards_plan", DROP COLUMN "eligibility",
        DROP COLUMN "schedule", DROP COLUMN "stages", DROP COLUMN "arena_first_holder", DROP COLUMN "rounds",
        DROP COLUMN "industry_id", DROP COLUMN "level"`);
    await queryRunner.query(`DROP TABLE "occupation"`);
    await queryRunner.query(`DROP TABLE "industry"`);
  }
}
