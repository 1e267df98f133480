import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificates (证书).
 *
 * - `certificate_key`: every Ed25519 public key that signed a certificate, by key id (the
 *   worker registers its key at boot); kept for ever, so old certificates stay verifiable.
 * - `certificate_template`: the bureau's template per series and kind (title, body with
 *   placeholders, signature line, background image), versioned for optimistic locking.
 * - `certificate_batch` and `certificate_batch_chunk`: one bulk issue and the chunks its jobs
 *   finished (a chunk done twice is recorded once).
 * - `certificate`: one per (event, person, kind): UNIQUE, so a retried or doubled job can never
 *   issue the same award twice. The number is UNIQUE too, drawn from a sequence; the signed
 *   content is kept as signed, and the row is written only after its file is stored.
 *   Revocation is the only change, and it keeps the row.
 */
export class CreateCertificates1795600001000 implements MigrationInterface {
  name = 'CreateCertificates1795600001000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "certificate_key" (
        "key_id" text PRIMARY KEY,
        "algorithm" text NOT NULL DEFAULT 'Ed25519' CHECK ("algorithm" = 'Ed25519'),
        "public_key_pem" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE "certificate_template" (
        "series" text NOT NULL CHECK ("series" IN ('dazhou_skills_competition','skill_master_arena')),
        "kind" text NOT NULL CHECK ("kind" IN ('award','champion','participation')),
        "title" text NOT NULL,
        "body" text NOT NULL,
        "signature_line" text NOT NULL,
        "background" bytea,
        "background_type" text CHECK ("background_type" IN ('image/png','image/jpeg')),
        "version" integer NOT NULL DEFAULT 1,
        "updated_by" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("series", "kind"),
        CONSTRAINT "ck_certificate_template_background" CHECK (("background" IS NULL) = ("background_type" IS NULL))
      )`);
    await queryRunner.query(`
      CREATE TABLE "certificate_batch" (
        "id" uuid PRIMARY KEY,
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "results_version" integer NOT NULL,
        "status" text NOT NULL CHECK ("status" IN ('queued','running','done','failed')),
        "total" integer NOT NULL CHECK ("total" >= 0),
        "chunks" integer NOT NULL CHECK ("chunks" >= 0),
        "chunk_size" integer NOT NULL CHECK ("chunk_size" > 0),
        "message" text,
        "created_by" uuid NOT NULL REFERENCES "app_user"("id") ON DELETE RESTRICT,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz,
        CONSTRAINT "fk_certificate_batch_version" FOREIGN KEY ("event_id", "results_version") REFERENCES "result_version"("event_id", "version")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_certificate_batch_event" ON "certificate_batch" ("event_id", "created_at" DESC)`);
    await queryRunner.query(`
      CREATE TABLE "certificate_batch_chunk" (
        "batch_id" uuid NOT NULL REFERENCES "certificate_batch"("id") ON DELETE RESTRICT,
        "chunk" integer NOT NULL CHECK ("chunk" >= 0),
        "issued" integer NOT NULL,
        "done_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("batch_id", "chunk")
      )`);
    await queryRunner.query(`CREATE SEQUENCE "certificate_number_seq" AS bigint START 1`);
    await queryRunner.query(`GRANT USAGE, SELECT ON SEQUENCE "certificate_number_seq" TO dz_app`);
    await queryRunner.query(`
      CREATE TABLE "certificate" (
        "id" uuid PRIMARY KEY,
        "event_id" uuid NOT NULL REFERENCES "competition_event"("id") ON DELETE RESTRICT,
        "entry_id" uuid NOT NULL REFERENCES "entry"("id") ON DELETE RESTRICT,
        "member_id" uuid NOT NULL REFERENCES "entry_member"("id") ON DELETE RESTRICT,
        "person_key" text NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('award','champion','participation')),
        "number" text NOT NULL,
        "batch_id" uuid REFERENCES "certificate_batch"("id") ON DELETE RESTRICT,
        "content" jsonb NOT NULL,
        "signature" text NOT NULL,
        "key_id" text NOT NULL REFERENCES "certificate_key"("key_id") ON DELETE RESTRICT,
        "storage_key" text NOT NULL,
        "size_bytes" integer NOT NULL,
        "issued_at" timestamptz NOT NULL DEFAULT now(),
        "revoked_at" timestamptz,
        "revoked_reason" text,
        "revoked_by" uuid REFERENCES "app_user"("id") ON DELETE RESTRICT,
        CONSTRAINT "uq_certificate_person_kind" UNIQUE ("event_id", "person_key", "kind"),
        CONSTRAINT "uq_certificate_number" UNIQUE ("number"),
        CONSTRAINT "ck_certificate_revoked" CHECK (("revoked_at" IS NULL) = ("revoked_reason" IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX "ix_certificate_event" ON "certificate" ("event_id", "kind", "number")`);
    await queryRunner.query(`CREATE INDEX "ix_certificate_batch" ON "certificate" ("batch_id")`);
    await queryRunner.query(`CREATE INDEX "ix_certificate_person" ON "certificate" ("person_key")`);
    await queryRunner.query(`CREATE INDEX "ix_certificate_entry" ON "certificate" ("entry_id")`);
    await queryRunner.query(`REVOKE DELETE, TRUNCATE ON "certificate", "certificate_key", "certificate_batch", "certificate_batch_chunk" FROM dz_app`);
    await queryRunner.query(`REVOKE UPDATE ON "certificate_key", "certificate_batch_chunk" FROM dz_app`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "certificate"`);
    await queryRunner.query(`DROP SEQUENCE "certificate_number_seq"`);
    await queryRunner.query(`DROP TABLE "certificate_batch_chunk"`);
    await queryRunner.query(`DROP TABLE "certificate_batch"`);
    await queryRunner.query(`DROP TABLE "certificate_template"`);
    await queryRunner.query(`DROP TABLE "certificate_key"`);
  }
}
