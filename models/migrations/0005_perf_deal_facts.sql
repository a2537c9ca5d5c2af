CREATE TABLE "deal_facts" (
	"deal_id" uuid PRIMARY KEY NOT NULL,
	"collective_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"path" text NOT NULL,
	"kind" text NOT NULL,
	"price_fen" bigint NOT NULL,
	"units" bigint NOT NULL,
	"registered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "deal_facts_region_idx" ON "deal_facts" USING btree ("region_code" text_pattern_ops,"registered_at");--> statement-breakpoint
CREATE INDEX "deal_facts_collective_idx" ON "deal_facts" USING btree ("collective_id","registered_at");--> statement-breakpoint
CREATE INDEX "households_head_pattern_idx" ON "households" USING btree ("head_name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "members_name_pattern_idx" ON "members" USING btree ("name" text_pattern_ops);--> statement-breakpoint
-- What a registered deal moved, defined once: the trigger below and the rebuild both use it.
CREATE VIEW "deal_facts_v" AS
  SELECT d.id AS deal_id, d.collective_id, d.region_code, l.path, l.right_kind AS kind, d.price_fen,
    coalesce(CASE l.right_kind
      WHEN 'land' THEN (SELECT sum(p.area_mu_centi) FROM parcels p
        WHERE p.id IN (SELECT (jsonb_array_elements_text(coalesce(l.parcel_ids, '[]'::jsonb)))::uuid))
      WHEN 'homestead' THEN (SELECT hs.area_m2_centi FROM homesteads hs WHERE hs.right_id = l.right_id)
      ELSE l.shares END, 0)::bigint AS units,
    d.registered_at
  FROM deals d JOIN listings l ON l.id = d.listing_id
  WHERE d.status = 'registered' AND d.registered_at IS NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION deal_facts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM deal_facts WHERE deal_id = NEW.id;
  INSERT INTO deal_facts (deal_id, collective_id, region_code, path, kind, price_fen, units, registered_at)
    SELECT deal_id, collective_id, region_code, path, kind, price_fen, units, registered_at FROM deal_facts_v WHERE deal_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER deals_facts AFTER INSERT OR UPDATE ON deals FOR EACH ROW EXECUTE FUNCTION deal_facts_sync();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_rebuild_all() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM collective_stats;
  DELETE FROM collective_right_stats;
  DELETE FROM collective_month_stats;
  DELETE FROM stats_dirty;
  DELETE FROM deal_facts;
  INSERT INTO collective_stats (collective_id, households, settled_households, persons, settled_persons)
    SELECT collective_id, households, settled_households, persons, settled_persons FROM stats_people_v;
  INSERT INTO collective_right_stats (collective_id, kind, count, units, certified, settled_count, settled_units)
    SELECT collective_id, kind, count, units, certified, settled_count, settled_units FROM stats_rights_v;
  INSERT INTO collective_month_stats (collective_id, month, new_households, settlements)
    SELECT collective_id, month, new_households, settlements FROM stats_months_v;
  INSERT INTO deal_facts (deal_id, collective_id, region_code, path, kind, price_fen, units, registered_at)
    SELECT deal_id, collective_id, region_code, path, kind, price_fen, units, registered_at FROM deal_facts_v;
END $$;
--> statement-breakpoint
INSERT INTO deal_facts (deal_id, collective_id, region_code, path, kind, price_fen, units, registered_at)
  SELECT deal_id, collective_id, region_code, path, kind, price_fen, units, registered_at FROM deal_facts_v;
