import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentityAndAudit1795600000000 implements MigrationInterface {
  name = 'CreateIdentityAndAudit1795600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "organisation" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "kind" text NOT NULL CHECK ("kind" IN ('bureau','department','co_organizer','employer','school','county')),
        "name" text NOT NULL,
        "code" text UNIQUE,
        "county" text,
        "parent_id" uuid REFERENCES "organisation"("id") ON DELETE RESTRICT,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_organisation_kind_name" UNIQUE ("kind", "name")
      )`);
    await queryRunner.query(`
      CREATE TABLE "app_user" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "display_name" text NOT NULL,
        "username" text UNIQUE,
        "phone" text UNIQUE,
        "password_hash" text NOT NULL,
        "disabled_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "ck_app_user_login" CHECK ("username" IS NOT NULL OR "phone" IS NOT NULL)
      )`);
    await queryRunner.query(`
      CREATE TABLE "role_grant" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "role" text NOT NULL CHECK ("role" IN ('bureau_admin','security_admin','auditor','department_organizer','judge','contestant')),
        "organisation_id" uuid REFERENCES "organisation"("id") ON DELETE RESTRICT,
        "granted_by" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "granted_at" timestamptz NOT NULL DEFAULT now(),
        "revoked_at" timestamptz
      )`);
    // One live grant per (user, role, organisation); revoked grants stay as history.
    await queryRunner.query(`
      CREATE UNIQUE INDEX "uq_role_grant_live" ON "role_grant" ("user_id", "role", COALESCE("organisation_id", '00000000-0000-0000-0000-000000000000'::uuid))
      WHERE "revoked_at" IS NULL`);
    await queryRunner.query(`
      CREATE TABLE "user_session" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "token_hash" text NOT NULL UNIQUE,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_seen_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX "ix_user_session_user" ON "user_session" ("user_id")`);
    await queryRunner.query(`
      CREATE TABLE "audit_log" (
        "id" bigserial PRIMARY KEY,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor_user_id" uuid,
        "action" text NOT NULL,
        "entity_type" text,
        "entity_id" text,
        "detail" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "correlation_id" text,
        "ip" text
      )`);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_at" ON "audit_log" ("at")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_entity" ON "audit_log" ("entity_type", "entity_id")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_actor" ON "audit_log" ("actor_user_id", "at")`);
    // The audit trail is append-only in the database itself, not only by convention.
    await queryRunner.query(`
      CREATE FUNCTION "audit_log_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log"
      FOR EACH ROW EXECUTE FUNCTION "audit_log_reject_change"()`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_reject_change"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP FUNCTION "audit_log_reject_change"()`);
    await queryRunner.query(`DROP TABLE "user_session"`);
    await queryRunner.query(`DROP TABLE "role_grant"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
  }
}
