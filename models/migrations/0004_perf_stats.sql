CREATE TABLE "collective_month_stats" (
	"collective_id" uuid NOT NULL,
	"month" varchar(7) NOT NULL,
	"new_households" integer NOT NULL,
	"settlements" integer NOT NULL,
	CONSTRAINT "collective_month_stats_collective_id_month_pk" PRIMARY KEY("collective_id","month")
);
--> statement-breakpoint
CREATE TABLE "collective_right_stats" (
	"collective_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"count" integer NOT NULL,
	"units" bigint NOT NULL,
	"certified" integer NOT NULL,
	"settled_count" integer NOT NULL,
	"settled_units" bigint NOT NULL,
	CONSTRAINT "collective_right_stats_collective_id_kind_pk" PRIMARY KEY("collective_id","kind")
);
--> statement-breakpoint
CREATE TABLE "collective_stats" (
	"collective_id" uuid PRIMARY KEY NOT NULL,
	"households" integer NOT NULL,
	"settled_households" integer NOT NULL,
	"persons" integer NOT NULL,
	"settled_persons" integer NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_dirty" (
	"collective_id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "collective_month_stats" ADD CONSTRAINT "collective_month_stats_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collective_right_stats" ADD CONSTRAINT "collective_right_stats_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collective_stats" ADD CONSTRAINT "collective_stats_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "collective_month_stats_month_idx" ON "collective_month_stats" USING btree ("month");--> statement-breakpoint
CREATE INDEX "households_code_pattern_idx" ON "households" USING btree ("code" varchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "households_collective_newest_idx" ON "households" USING btree ("collective_id","created_at" desc,"code");--> statement-breakpoint
CREATE INDEX "households_newest_idx" ON "households" USING btree ("created_at" desc,"code");--> statement-breakpoint
-- The dashboard's stock figures per collective, defined once as views over the registry.
-- A filter on collective_id is pushed through the GROUP BY, so refreshing one collective
-- reads only its rows (by the collective_id indexes).
CREATE VIEW "stats_people_v" AS
  SELECT h.collective_id, count(*)::int AS households,
    (count(*) FILTER (WHERE h.hukou_status = 'settled_city'))::int AS settled_households,
    coalesce(sum(m.n), 0)::int AS persons, coalesce(sum(m.s), 0)::int AS settled_persons
  FROM households h
  LEFT JOIN LATERAL (SELECT count(*) AS n, count(*) FILTER (WHERE mm.hukou_status = 'settled_city') AS s
    FROM members mm WHERE mm.household_id = h.id) m ON true
  GROUP BY h.collective_id;
--> statement-breakpoint
CREATE VIEW "stats_rights_v" AS
  SELECT r.collective_id, r.kind, count(*)::int AS count, coalesce(sum(u.units), 0)::bigint AS units,
    (count(*) FILTER (WHERE u.certified))::int AS certified,
    (count(*) FILTER (WHERE h.hukou_status = 'settled_city'))::int AS settled_count,
    coalesce(sum(u.units) FILTER (WHERE h.hukou_status = 'settled_city'), 0)::bigint AS settled_units
  FROM rights r JOIN households h ON h.id = r.household_id
  -- OFFSET 0 keeps the lateral row from being flattened, so each right's units and
  -- certificate are looked up once (not once per aggregate that uses them).
  CROSS JOIN LATERAL (SELECT
      EXISTS (SELECT 1 FROM certificates c WHERE c.right_id = r.id AND c.status = 'valid') AS certified,
      CASE r.kind
        WHEN 'land' THEN (SELECT coalesce(sum(p.area_mu_centi), 0) FROM parcels p WHERE p.right_id = r.id AND p.status = 'active')
        WHEN 'homestead' THEN (SELECT hs.area_m2_centi FROM homesteads hs WHERE hs.right_id = r.id)
        ELSE (SELECT s.shares FROM share_holdings s WHERE s.right_id = r.id) END AS units
    OFFSET 0) u
  WHERE r.status IN ('active', 'listed', 'in_transaction')
  GROUP BY r.collective_id, r.kind;
--> statement-breakpoint
CREATE VIEW "stats_months_v" AS
  SELECT collective_id, month, sum(n)::int AS new_households, sum(s)::int AS settlements FROM (
    SELECT h.collective_id, to_char(h.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, 1 AS n, 0 AS s FROM households h
    UNION ALL
    SELECT h.collective_id, to_char(h.settled_on, 'YYYY-MM'), 0, 1 FROM households h
      WHERE h.hukou_status = 'settled_city' AND h.settled_on IS NOT NULL) x
  GROUP BY collective_id, month;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_refresh_collective(c uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM collective_stats WHERE collective_id = c;
  DELETE FROM collective_right_stats WHERE collective_id = c;
  DELETE FROM collective_month_stats WHERE collective_id = c;
  INSERT INTO collective_stats (collective_id, households, settled_households, persons, settled_persons)
    SELECT collective_id, households, settled_households, persons, settled_persons FROM stats_people_v WHERE collective_id = c;
  INSERT INTO collective_right_stats (collective_id, kind, count, units, certified, settled_count, settled_units)
    SELECT collective_id, kind, count, units, certified, settled_count, settled_units FROM stats_rights_v WHERE collective_id = c;
  INSERT INTO collective_month_stats (collective_id, month, new_households, settlements)
    SELECT collective_id, month, new_households, settlements FROM stats_months_v WHERE collective_id = c;
END $$;
--> statement-breakpoint
-- Everything at once: after a bulk load that ran with triggers off (the data generator).
CREATE OR REPLACE FUNCTION stats_rebuild_all() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM collective_stats;
  DELETE FROM collective_right_stats;
  DELETE FROM collective_month_stats;
  DELETE FROM stats_dirty;
  INSERT INTO collective_stats (collective_id, households, settled_households, persons, settled_persons)
    SELECT collective_id, households, settled_households, persons, settled_persons FROM stats_people_v;
  INSERT INTO collective_right_stats (collective_id, kind, count, units, certified, settled_count, settled_units)
    SELECT collective_id, kind, count, units, certified, settled_count, settled_units FROM stats_rights_v;
  INSERT INTO collective_month_stats (collective_id, month, new_households, settlements)
    SELECT collective_id, month, new_households, settlements FROM stats_months_v;
END $$;
--> statement-breakpoint
-- Statement-level triggers: one insert per statement, however many rows it wrote.
CREATE OR REPLACE FUNCTION stats_mark_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_ARGV[0] = 'via_right' THEN
    INSERT INTO stats_dirty SELECT DISTINCT r.collective_id FROM new_rows n JOIN rights r ON r.id = n.right_id ORDER BY 1 ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO stats_dirty SELECT DISTINCT collective_id FROM new_rows ORDER BY 1 ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_mark_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_ARGV[0] = 'via_right' THEN
    INSERT INTO stats_dirty SELECT DISTINCT r.collective_id FROM old_rows o JOIN rights r ON r.id = o.right_id ORDER BY 1 ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO stats_dirty SELECT DISTINCT collective_id FROM old_rows ORDER BY 1 ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- At commit, once per collective the transaction touched: recompute it, then forget it.
-- A concurrent writer of the same collective waits on the stats_dirty row until this
-- commits, and its own recompute then sees this transaction's rows.
CREATE OR REPLACE FUNCTION stats_flush() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_refresh_collective(NEW.collective_id);
  DELETE FROM stats_dirty WHERE collective_id = NEW.collective_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER stats_dirty_flush AFTER INSERT ON stats_dirty
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stats_flush();
--> statement-breakpoint
DO $$
DECLARE
  t text;
  how text;
BEGIN
  FOREACH t IN ARRAY ARRAY['households', 'members', 'rights', 'parcels', 'certificates', 'homesteads', 'share_holdings'] LOOP
    how := CASE WHEN t IN ('homesteads', 'share_holdings') THEN 'via_right' ELSE 'direct' END;
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_new(%L)', t || '_stats_ins', t, how);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_new(%L)', t || '_stats_upd', t, how);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_old(%L)', t || '_stats_del', t, how);
  END LOOP;
END $$;
--> statement-breakpoint
SELECT stats_rebuild_all();
