import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCompetitionEvent1795600000100 implements MigrationInterface {
  name = 'CreateCompetitionEvent1795600000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "competition_event" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "title" text NOT NULL,
        "series" text NOT NULL CHECK ("series" IN ('dazhou_skills_competition','skill_master_arena')),
        "edition" int,
        "occupation_code" text NOT NULL,
        "occupation_name" text NOT NULL,
        "organizer_org_id" uuid NOT NULL REFERENCES "organisation"("id") ON DELETE RESTRICT,
        "county" text,
        "venue" text NOT NULL,
        "format" text NOT NULL CHECK ("format" IN ('rounds','arena')),
        "team_size" int NOT NULL DEFAULT 1 CHECK ("team_size" >= 1),
        "capacity" int NOT NULL CHECK ("capacity" >= 1),
        "status" text NOT NULL CHECK ("status" IN ('draft','submitted','returned','approved','rejected','published',
          'registration_closed','running','scoring_closed','under_notice','final','archived','cancelled')),
        "registration_closes_at" timestamptz NOT NULL,
        "starts_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "ix_competition_event_status_starts" ON "competition_event" ("status", "starts_at")`);
    await queryRunner.query(`CREATE INDEX "ix_competition_event_organizer" ON "competition_event" ("organizer_org_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "competition_event"`);
  }
}
