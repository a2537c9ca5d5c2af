ALTER TABLE "audit_log" ADD COLUMN "key_version" smallint DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- The app runs as a role that does not own the tables (so it cannot switch the trail's
-- triggers off), and only an owner may ANALYZE a table (PostgreSQL before 17). An import
-- refreshes the planner's statistics of the tables it just filled through this function,
-- which runs as its owner and does nothing else. The app role is granted EXECUTE at start-up.
CREATE OR REPLACE FUNCTION analyze_registry() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  ANALYZE households, members, rights, land_contracts, parcels, homesteads, share_holdings, certificates;
END;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION analyze_registry() FROM PUBLIC;
