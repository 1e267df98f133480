import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotificationOutbox1795600000200 implements MigrationInterface {
  name = 'CreateNotificationOutbox1795600000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notification_outbox" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "job_id" text NOT NULL UNIQUE,
        "channel" text NOT NULL CHECK ("channel" IN ('sms')),
        "recipient_user_id" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "to" text NOT NULL,
        "template" text NOT NULL,
        "body" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "ix_notification_outbox_created" ON "notification_outbox" ("created_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_outbox"`);
  }
}
