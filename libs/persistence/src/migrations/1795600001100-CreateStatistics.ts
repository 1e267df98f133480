import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bureau's statistics (统计分析).
 *
 * - `entry_member.birth_date`, `sex` (from the resident ID: digits 7–14, the 17th odd for men)
 *   and `employer_type` (企业/院校 from the employer's name), filled on every write by libs/domain
 *   (`residentIdFacts`, `employerType`). The ID number is encrypted, so rows written before this
 *   keep null birth date and sex (counted as 未知); their employer type is filled here from the
 *   name, with the domain rule as it stood at this migration.
 * - `stat_event`: one row per event (its year, department, industry, state, first submission and
 *   approval, arena champion and defence run); `stat_member`: one row per person of an entry,
 *   with their event's dimensions and the final results' award, titles, upgrade and nomination.
 *   Both materialized, each with a unique index so `REFRESH … CONCURRENTLY` never blocks readers.
 * - `statistics_refresh()`: refreshes both and records when; SECURITY DEFINER because only the
 *   owner may refresh a materialized view, and the application role (dz_app) may run only this.
 *   The age band CASE below must match libs/domain `AGE_BAND_LOWER_BOUNDS` (the statistics
 *   integration test counts bands with the domain function and compares).
 */
export class CreateStatistics1795600001100 implements MigrationInterface {
  name = 'CreateStatistics1795600001100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "entry_member"
        ADD COLUMN "birth_date" date,
        ADD COLUMN "sex" text CHECK ("sex" IN ('male','female')),
        ADD COLUMN "employer_type" text CHECK ("employer_type" IN ('enterprise','school'))`);
    await queryRunner.query(`
      UPDATE "entry_member" SET "employer_type" = CASE
        WHEN btrim("employer") = '' THEN NULL
        WHEN btrim("employer") ~ '(公司|厂|集团|合作社|商行|酒店|饭店|店|工作室|事务所|中心|医院)$' THEN 'enterprise'
        WHEN "employer" ~ '(学校|学院|大学|技校|职校|职中|中专|中学|小学|幼儿园|党校)' THEN 'school'
        ELSE 'enterprise' END`);

    await queryRunner.query(`
      CREATE MATERIALIZED VIEW "stat_event" AS
      WITH tr AS (
        SELECT "event_id",
               min("at") FILTER (WHERE "to_status" = 'submitted') AS submitted_at,
               min("at") FILTER (WHERE "to_status" = 'approved') AS approved_at
          FROM "event_transition" GROUP BY "event_id"
      ), fin AS (
        SELECT n."event_id", n."final_version", rv."results"->'arena' AS arena
          FROM "result_notice" n JOIN "result_version" rv ON rv."event_id" = n."event_id" AND rv."version" = n."final_version"
         WHERE n."final_version" IS NOT NULL
      )
      SELECT e."id" AS event_id, e."title", e."series", e."level", e."organizer_org_id", e."industry_id", e."county",
             e."status", e."format", e."occupation_code",
             COALESCE(e."edition", EXTRACT(YEAR FROM e."starts_at" AT TIME ZONE 'Asia/Shanghai')::int) AS year,
             tr.submitted_at, tr.approved_at,
             (tr.submitted_at IS NOT NULL OR e."status" NOT IN ('draft','cancelled')) AS proposed,
             (tr.approved_at IS NOT NULL OR e."status" IN ('approved','published','registration_closed','running','scoring_closed','under_notice','final','archived')) AS approved,
             (e."status" = 'rejected') AS rejected,
             (e."status" IN ('running','scoring_closed','under_notice','final','archived')) AS held,
             (fin."final_version" IS NOT NULL) AS final,
             CASE WHEN tr.approved_at > tr.submitted_at THEN EXTRACT(EPOCH FROM tr.approved_at - tr.submitted_at) / 86400.0 END AS approval_days,
             NULLIF(fin.arena->'champion'->>'entryId', '')::uuid AS champion_entry_id,
             COALESCE((fin.arena->>'bouts')::int, 0) AS arena_bouts,
             COALESCE(run.defences, 0) AS champion_defences
        FROM "competition_event" e
        LEFT JOIN tr ON tr."event_id" = e."id"
        LEFT JOIN fin ON fin."event_id" = e."id"
        -- The champion's final run: bouts defended since they last took the arena (or from the start).
        LEFT JOIN LATERAL (
          SELECT count(*)::int AS defences FROM "arena_bout" b
           WHERE b."event_id" = e."id" AND b."outcome" = 'defended'
             AND b."holder_entry_id" = NULLIF(fin.arena->'champion'->>'entryId', '')::uuid
             AND b."number" > COALESCE((SELECT max(t."number") FROM "arena_bout" t
                                         WHERE t."event_id" = e."id" AND t."outcome" = 'taken'
                                           AND t."challenger_entry_id" = NULLIF(fin.arena->'champion'->>'entryId', '')::uuid), 0)
        ) run ON true`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_stat_event" ON "stat_event" ("event_id")`);
    await queryRunner.query(`CREATE INDEX "ix_stat_event_year_series" ON "stat_event" ("year", "series")`);
    await queryRunner.query(`CREATE INDEX "ix_stat_event_organizer" ON "stat_event" ("organizer_org_id", "year")`);

    await queryRunner.query(`
      CREATE MATERIALIZED VIEW "stat_member" AS
      WITH final_rows AS (
        SELECT (r->>'entryId')::uuid AS entry_id,
               NULLIF(r->>'award', '') AS award,
               (r->>'tier')::int AS tier,
               ARRAY(SELECT jsonb_array_elements_text(COALESCE(r->'titles', '[]'::jsonb))) AS titles,
               NULLIF(r->>'upgradeTo', '') AS upgrade_to,
               COALESCE((r->>'nominated')::boolean, false) AS nominated
          FROM "result_notice" n
          JOIN "result_version" rv ON rv."event_id" = n."event_id" AND rv."version" = n."final_version"
          CROSS JOIN LATERAL jsonb_array_elements(rv."results"->'rows') r
         WHERE n."final_version" IS NOT NULL
      )
      SELECT m."id" AS member_id, m."entry_id", m."event_id",
             se.year, se."series", se."level", se."organizer_org_id", se."industry_id", se."county" AS event_county,
             m."county", m."occupation_code",
             COALESCE(m."employer_type", 'unknown') AS employer_type,
             COALESCE(m."skill_level", 'unknown') AS skill_level,
             COALESCE(m."sex", 'unknown') AS sex,
             CASE
               WHEN m."birth_date" IS NULL OR m."birth_date" > (e."starts_at" AT TIME ZONE 'Asia/Shanghai')::date THEN 'unknown'
               WHEN date_part('year', age((e."starts_at" AT TIME ZONE 'Asia/Shanghai')::date, m."birth_date")) >= 55 THEN '55_plus'
               WHEN date_part('year', age((e."starts_at" AT TIME ZONE 'Asia/Shanghai')::date, m."birth_date")) >= 45 THEN '45_54'
               WHEN date_part('year', age((e."starts_at" AT TIME ZONE 'Asia/Shanghai')::date, m."birth_date")) >= 35 THEN '35_44'
               WHEN date_part('year', age((e."starts_at" AT TIME ZONE 'Asia/Shanghai')::date, m."birth_date")) >= 25 THEN '25_34'
               ELSE 'under_25' END AS age_band,
             (en."status" = 'approved') AS approved,
             (en."status" = 'approved' AND en."attendance" IN ('checked_in','late')) AS present,
             fr.award, fr.tier, COALESCE(fr.titles, '{}'::text[]) AS titles, fr.upgrade_to,
             COALESCE(fr.nominated, false) AS nominated,
             (se.champion_entry_id IS NOT NULL AND se.champion_entry_id = m."entry_id") AS champion
        FROM "entry_member" m
        JOIN "entry" en ON en."id" = m."entry_id"
        JOIN "competition_event" e ON e."id" = m."event_id"
        JOIN "stat_event" se ON se.event_id = m."event_id"
        LEFT JOIN final_rows fr ON fr.entry_id = m."entry_id"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_stat_member" ON "stat_member" ("member_id")`);
    await queryRunner.query(`CREATE INDEX "ix_stat_member_year_series" ON "stat_member" ("year", "series")`);
    await queryRunner.query(`CREATE INDEX "ix_stat_member_organizer" ON "stat_member" ("organizer_org_id", "year")`);
    await queryRunner.query(`CREATE INDEX "ix_stat_member_event" ON "stat_member" ("event_id")`);

    await queryRunner.query(`
      CREATE TABLE "statistics_refresh_state" (
        "id" int PRIMARY KEY CHECK ("id" = 1),
        "refreshed_at" timestamptz NOT NULL
      )`);
    await queryRunner.query(`INSERT INTO "statistics_refresh_state" ("id", "refreshed_at") VALUES (1, now())`);
    // stat_member reads stat_event: refresh in that order.
    await queryRunner.query(`
      CREATE FUNCTION "statistics_refresh"() RETURNS timestamptz
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE at timestamptz := clock_timestamp();
      BEGIN
        REFRESH MATERIALIZED VIEW CONCURRENTLY "stat_event";
        REFRESH MATERIALIZED VIEW CONCURRENTLY "stat_member";
        UPDATE "statistics_refresh_state" SET "refreshed_at" = at WHERE "id" = 1;
        RETURN at;
      END $$`);
    await queryRunner.query(`REVOKE ALL ON FUNCTION "statistics_refresh"() FROM PUBLIC`);
    await queryRunner.query(`GRANT EXECUTE ON FUNCTION "statistics_refresh"() TO dz_app`);
    await queryRunner.query(`REVOKE ALL ON "stat_event", "stat_member", "statistics_refresh_state" FROM dz_app`);
    await queryRunner.query(`GRANT SELECT ON "stat_event", "stat_member", "statistics_refresh_state" TO dz_app`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION "statistics_refresh"()`);
    await queryRunner.query(`DROP TABLE "statistics_refresh_state"`);
    await queryRunner.query(`DROP MATERIALIZED VIEW "stat_member"`);
    await queryRunner.query(`DROP MATERIALIZED VIEW "stat_event"`);
    await queryRunner.query(`ALTER TABLE "entry_member" DROP COLUMN "employer_type", DROP COLUMN "sex", DROP COLUMN "birth_date"`);
  }
}
