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
