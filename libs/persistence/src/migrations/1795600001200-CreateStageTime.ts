import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Time used (用时): how long an entry took on a stage, as the event's chief judge recorded it,
 * for the tie-break "less time used" (并列时用时较少者列前). One row per entry and stage; a
 * change is an update, each with its audit record, and none after the stage is signed off.
 */
export class CreateStageTime1795600001200 implements MigrationInterface {
  name = 'CreateStageTime1795600001200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "stage_time" (
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "entry_id" uuid NOT NULL REFERENCES "entry"("id") ON DELETE RESTRICT,
        "stage" text NOT NULL,
        "seconds" integer NOT NULL CHECK ("seconds" > 0),
        "recorded_by" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("event_id", "entry_id", "stage")
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "stage_time"`);
  }
}
