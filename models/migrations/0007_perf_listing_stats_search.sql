CREATE TABLE "listing_month_stats" (
	"township_code" varchar(9) NOT NULL,
	"month" varchar(7) NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"suspended" boolean NOT NULL,
	"started" integer NOT NULL,
	"submitted" integer NOT NULL,
	CONSTRAINT "listing_month_stats_township_code_month_kind_status_suspended_pk" PRIMARY KEY("township_code","month","kind","status","suspended")
);
--> statement-breakpoint
ALTER TABLE "deal_facts" ADD COLUMN "month" varchar(7);--> statement-breakpoint
-- Hand-written from here (generated: the table above and the column, made NOT NULL after the backfill).
-- Each deal fact's Shanghai month, once, instead of per row in every dashboard request.
UPDATE "deal_facts" SET "month" = to_char("registered_at" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM');--> statement-breakpoint
ALTER TABLE "deal_facts" ALTER COLUMN "month" SET NOT NULL;--> statement-breakpoint
CREATE OR REPLACE VIEW "deal_facts_v" AS
  SELECT d.id AS deal_id, d.collective_id, d.region_code, l.path, l.right_kind AS kind, d.price_fen,
    coalesce(CASE l.right_kind
      WHEN 'land' THEN (SELECT sum(p.area_mu_centi) FROM parcels p
        WHERE p.id IN (SELECT (jsonb_array_elements_text(coalesce(l.parcel_ids, '[]'::jsonb)))::uuid))
      WHEN 'homestead' THEN (SELECT hs.area_m2_centi FROM homesteads hs WHERE hs.right_id = l.right_id)
      ELSE l.shares END, 0)::bigint AS units,
    d.registered_at,
    to_char(d.registered_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')::varchar(7) AS month
  FROM deals d JOIN listings l ON l.id = d.listing_id
  WHERE d.status = 'registered' AND d.registered_at IS NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION deal_facts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM deal_facts WHERE deal_id = NEW.id;
  INSERT INTO deal_facts (deal_id, collective_id, region_code, path, kind, price_fen, units, registered_at, month)
    SELECT deal_id, collective_id, region_code, path, kind, price_fen, units, registered_at, month FROM deal_facts_v WHERE deal_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The listing flow figures defined once, as a direct count: the rebuild uses it, and the tests
-- compare the trigger-kept table with it.
CREATE VIEW "listing_month_stats_v" AS
  SELECT township_code, month, kind, status, suspended, sum(started)::int AS started, sum(submitted)::int AS submitted FROM (
    SELECT left(l.region_code, 9)::varchar(9) AS township_code, to_char(l.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')::varchar(7) AS month,
      l.right_kind AS kind, l.status, l.suspended_at IS NOT NULL AS suspended, 1 AS started, 0 AS submitted FROM listings l
    UNION ALL
    SELECT left(l.region_code, 9), to_char(l.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'),
      l.right_kind, l.status, l.suspended_at IS NOT NULL, 0, 1 FROM listings l WHERE l.submitted_at IS NOT NULL) x
  GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
-- Statement trigger: the statement's net change per summary row (old rows count -1, new rows +1),
-- applied in key order (so two writers lock shared rows in the same order), skipping rows whose
-- net change is zero (an update that moved no listing between rows locks nothing). The upsert
-- runs in the writing transaction, so the figures change exactly when the listings do.
CREATE OR REPLACE FUNCTION listing_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  part text := $p$
    SELECT left(region_code, 9) AS township_code, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
      right_kind AS kind, status, suspended_at IS NOT NULL AS suspended, %1$s AS started, 0 AS submitted FROM %2$I
    UNION ALL
    SELECT left(region_code, 9), to_char(submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'),
      right_kind, status, suspended_at IS NOT NULL, 0, %1$s FROM %2$I WHERE submitted_at IS NOT NULL$p$;
  src text;
BEGIN
  src := CASE TG_OP
    WHEN 'INSERT' THEN format(part, 1, 'new_rows')
    WHEN 'DELETE' THEN format(part, -1, 'old_rows')
    ELSE format(part, 1, 'new_rows') || ' UNION ALL ' || format(part, -1, 'old_rows') END;
  EXECUTE 'INSERT INTO listing_month_stats AS s (township_code, month, kind, status, suspended, started, submitted)
    SELECT township_code, month, kind, status, suspended, sum(started), sum(submitted) FROM (' || src || ') d
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(started) <> 0 OR sum(submitted) <> 0 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (township_code, month, kind, status, suspended)
    DO UPDATE SET started = s.started + excluded.started, submitted = s.submitted + excluded.submitted';
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER listings_stats_ins AFTER INSERT ON listings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_stats_apply();
--> statement-breakpoint
CREATE TRIGGER listings_stats_upd AFTER UPDATE ON listings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_stats_apply();
--> statement-breakpoint
CREATE TRIGGER listings_stats_del AFTER DELETE ON listings REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_stats_apply();
--> statement-breakpoint
-- After a bulk load with triggers off (the data generator): everything from the registry.
CREATE OR REPLACE FUNCTION stats_rebuild_all() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM collective_stats;
  DELETE FROM collective_right_stats;
  DELETE FROM collective_month_stats;
  DELETE FROM stats_dirty;
  DELETE FROM deal_facts;
  DELETE FROM listing_month_stats;
  INSERT INTO collective_stats (collective_id, households, settled_households, persons, settled_persons)
    SELECT collective_id, households, settled_households, persons, settled_persons FROM stats_people_v;
  INSERT INTO collective_right_stats (collective_id, kind, count, units, certified, settled_count, settled_units)
    SELECT collective_id, kind, count, units, certified, settled_count, settled_units FROM stats_rights_v;
  INSERT INTO collective_month_stats (collective_id, month, new_households, settlements)
    SELECT collective_id, month, new_households, settlements FROM stats_months_v;
  INSERT INTO deal_facts (deal_id, collective_id, region_code, path, kind, price_fen, units, registered_at, month)
    SELECT deal_id, collective_id, region_code, path, kind, price_fen, units, registered_at, month FROM deal_facts_v;
  INSERT INTO listing_month_stats (township_code, month, kind, status, suspended, started, submitted)
    SELECT township_code, month, kind, status, suspended, started, submitted FROM listing_month_stats_v;
END $$;
--> statement-breakpoint
-- Backfill: an existing database gets its listing figures now.
INSERT INTO listing_month_stats (township_code, month, kind, status, suspended, started, submitted)
  SELECT township_code, month, kind, status, suspended, started, submitted FROM listing_month_stats_v;--> statement-breakpoint
-- Statistics now, so the first dashboards are planned as hash aggregates over the new rows
-- rather than sorts (autovacuum would take a while to get to it).
ANALYZE listing_month_stats;
--> statement-breakpoint
ANALYZE deal_facts;
--> statement-breakpoint
-- Generated, with INCLUDE added by hand (drizzle cannot express it): what the search's scope
-- filter, capped count and newest-first order read, so candidates fetched by key need no table row.
CREATE INDEX "households_id_cover_idx" ON "households" USING btree ("id") INCLUDE ("collective_id", "region_code", "created_at", "code");
--> statement-breakpoint
-- Name prefixes (one or two characters) answered from the index alone: the key the search needs rides along.
DROP INDEX IF EXISTS "members_name_pattern_idx";
--> statement-breakpoint
CREATE INDEX "members_name_pattern_idx" ON "members" USING btree ("name" text_pattern_ops) INCLUDE ("household_id");
--> statement-breakpoint
DROP INDEX IF EXISTS "households_head_pattern_idx";
--> statement-breakpoint
CREATE INDEX "households_head_pattern_idx" ON "households" USING btree ("head_name" text_pattern_ops) INCLUDE ("id");
