import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 等保 2.0 / PIPL hardening: lockout, second factor, encrypted ID numbers with consent,
 * rotating refresh tokens, richer audit rows, an access log for unmasked personal data, the
 * application's own database role (no UPDATE/DELETE/TRUNCATE on audit_log) and a purge that
 * refuses anything younger than 180 days.
 */
export class HardenIdentity1795600000300 implements MigrationInterface {
  name = 'HardenIdentity1795600000300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "app_user"
        ADD COLUMN "failed_login_count" int NOT NULL DEFAULT 0,
        ADD COLUMN "locked_until" timestamptz,
        ADD COLUMN "password_changed_at" timestamptz,
        ADD COLUMN "totp_secret_enc" text,
        ADD COLUMN "totp_enabled_at" timestamptz,
        ADD COLUMN "totp_last_step" bigint,
        ADD COLUMN "id_number_enc" text,
        ADD COLUMN "id_number_hmac" text UNIQUE,
        ADD COLUMN "id_consent_version" text,
        ADD COLUMN "id_consent_at" timestamptz,
        ADD CONSTRAINT "ck_app_user_id_consent" CHECK ("id_number_enc" IS NULL OR "id_consent_at" IS NOT NULL)`);
    await queryRunner.query(`
      CREATE TABLE "recovery_code" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "code_hash" text NOT NULL,
        "used_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_recovery_code" UNIQUE ("user_id", "code_hash")
      )`);
    await queryRunner.query(`
      ALTER TABLE "user_session"
        ADD COLUMN "refresh_hash" text UNIQUE,
        ADD COLUMN "refresh_prev_hash" text,
        ADD COLUMN "refresh_rotated_at" timestamptz,
        ADD COLUMN "revoked_reason" text`);
    await queryRunner.query(`CREATE INDEX "ix_user_session_prev" ON "user_session" ("refresh_prev_hash")`);
    await queryRunner.query(`
      ALTER TABLE "audit_log"
        ADD COLUMN "actor_roles" text[] NOT NULL DEFAULT '{}',
        ADD COLUMN "result" text NOT NULL DEFAULT 'success' CHECK ("result" IN ('success','denied','failed'))`);
    await queryRunner.query(`CREATE INDEX "ix_audit_log_action_at" ON "audit_log" ("action", "at")`);
    await queryRunner.query(`
      CREATE TABLE "pii_access_log" (
        "id" bigserial PRIMARY KEY,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor_user_id" uuid NOT NULL,
        "subject_user_id" uuid NOT NULL,
        "fields" text[] NOT NULL,
        "purpose" text NOT NULL,
        "correlation_id" text
      )`);
    await queryRunner.query(`CREATE INDEX "ix_pii_access_subject" ON "pii_access_log" ("subject_user_id", "at")`);

    // Purge: only through this function, only rows older than 180 days (Cybersecurity Law:
    // logs kept at least six months). The trigger lets a DELETE through only inside it.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "audit_log_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('dz.audit_purge', true) = 'on'
           AND OLD."at" < now() - interval '180 days' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION "audit_log_purge"(retention_days int) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE purged bigint;
      BEGIN
        IF retention_days IS NULL OR retention_days < 180 THEN
          RAISE EXCEPTION 'audit rows are kept at least 180 days (asked: %)', retention_days
            USING ERRCODE = 'check_violation';
        END IF;
        PERFORM set_config('dz.audit_purge', 'on', true);
        DELETE FROM "audit_log" WHERE "at" < now() - make_interval(days => retention_days);
        GET DIAGNOSTICS purged = ROW_COUNT;
        PERFORM set_config('dz.audit_purge', 'off', true);
        RETURN purged;
      END
      $$`);

    // The application's role. Roles are cluster-wide, so create it only when missing; the
    // deployment gives it LOGIN and a password (scripts/lib/db-roles.ts, docker migrate).
    await queryRunner.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dz_app') THEN
          CREATE ROLE dz_app NOLOGIN;
        END IF;
      END $$`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO dz_app`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dz_app`);
    await queryRunner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO dz_app`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log", "pii_access_log" FROM dz_app`);
    await queryRunner.query(`REVOKE ALL ON "typeorm_migrations" FROM dz_app`);
    await queryRunner.query(`GRANT SELECT ON "typeorm_migrations" TO dz_app`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION "audit_log_purge"(int) FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION "audit_log_purge"(int) TO dz_app`);
    // Tables and sequences later migrations create are the application's to use as well.
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dz_app`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO dz_app`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM dz_app`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM dz_app`);
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM dz_app`);
    await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM dz_app`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION "audit_log_purge"(int) FROM dz_app`);
    await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM dz_app`);
    await queryRunner.query(`DROP FUNCTION "audit_log_purge"(int)`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION "audit_log_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`DROP TABLE "pii_access_log"`);
    await queryRunner.query(`DROP INDEX "ix_audit_log_action_at"`);
    await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "result", DROP COLUMN "actor_roles"`);
    await queryRunner.query(`DROP INDEX "ix_user_session_prev"`);
    await queryRunner.query(`
      ALTER TABLE "user_session" DROP COLUMN "revoked_reason", DROP COLUMN "refresh_rotated_at",
        DROP COLUMN "refresh_prev_hash", DROP COLUMN "refresh_hash"`);
    await queryRunner.query(`DROP TABLE "recovery_code"`);
    await queryRunner.query(`
      ALTER TABLE "app_user" DROP CONSTRAINT "ck_app_user_id_consent",
        DROP COLUMN "id_consent_at", DROP COLUMN "id_consent_version", DROP COLUMN "id_number_hmac",
        DROP COLUMN "id_number_enc", DROP COLUMN "totp_last_step", DROP COLUMN "totp_enabled_at",
        DROP COLUMN "totp_secret_enc", DROP COLUMN "password_changed_at", DROP COLUMN "locked_until",
        DROP COLUMN "failed_login_count"`);
  }
}
