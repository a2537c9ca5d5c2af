CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "collectives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"group_code" varchar(2) DEFAULT '00' NOT NULL,
	"name" text NOT NULL,
	"level" text DEFAULT 'village' NOT NULL,
	"registration_code" varchar(18) NOT NULL,
	"notice_days" integer DEFAULT 10 NOT NULL,
	"share_cap_percent" integer DEFAULT 300 NOT NULL,
	"total_shares" integer DEFAULT 0 NOT NULL,
	"land_return_notice_months" integer DEFAULT 6 NOT NULL,
	"homestead_limit_plain_m2" integer DEFAULT 80 NOT NULL,
	"homestead_limit_hill_m2" integer DEFAULT 120 NOT NULL,
	"homestead_limit_mountain_m2" integer DEFAULT 150 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collectives_registration_code_unique" UNIQUE("registration_code"),
	CONSTRAINT "collectives_notice_days" CHECK ("collectives"."notice_days" between 1 and 90),
	CONSTRAINT "collectives_share_cap" CHECK ("collectives"."share_cap_percent" between 100 and 10000),
	CONSTRAINT "collectives_total_shares" CHECK ("collectives"."total_shares" >= 0),
	CONSTRAINT "collectives_limits" CHECK ("collectives"."homestead_limit_plain_m2" > 0 and "collectives"."homestead_limit_hill_m2" > 0 and "collectives"."homestead_limit_mountain_m2" > 0)
);
--> statement-breakpoint
CREATE TABLE "dividends" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"collective_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"per_share_fen" integer NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dividends_positive" CHECK ("dividends"."per_share_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" varchar(12) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" varchar(12),
	CONSTRAINT "regions_code_digits" CHECK ("regions"."code" ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$')
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"collective_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"code" varchar(18) NOT NULL,
	"head_name" text NOT NULL,
	"phone" varchar(20),
	"address" text,
	"hukou_status" text DEFAULT 'rural' NOT NULL,
	"settled_on" date,
	"settled_city" text,
	"homestead_eligible" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "households_code_unique" UNIQUE("code"),
	CONSTRAINT "households_code_form" CHECK ("households"."code" ~ '^[0-9]{18}$'),
	CONSTRAINT "households_settled" CHECK (("households"."hukou_status" = 'rural') or ("households"."settled_on" is not null and "households"."settled_city" is not null))
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"collective_id" uuid NOT NULL,
	"name" text NOT NULL,
	"id_number" varchar(18) NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"relation" text NOT NULL,
	"is_collective_member" boolean DEFAULT true NOT NULL,
	"hukou_status" text DEFAULT 'rural' NOT NULL,
	"settled_on" date,
	"settled_city" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "members_id_number_unique" UNIQUE("id_number"),
	CONSTRAINT "members_id_form" CHECK ("members"."id_number" ~ '^[0-9]{17}[0-9X]$')
);
--> statement-breakpoint
CREATE TABLE "homesteads" (
	"right_id" uuid PRIMARY KEY NOT NULL,
	"parcel_code" varchar(19) NOT NULL,
	"location" text NOT NULL,
	"area_m2_centi" integer NOT NULL,
	"terrain" text NOT NULL,
	"approval_no" varchar(40) NOT NULL,
	"floor_area_m2_centi" integer,
	"geojson" jsonb,
	CONSTRAINT "homesteads_area" CHECK ("homesteads"."area_m2_centi" > 0),
	CONSTRAINT "homesteads_floor" CHECK ("homesteads"."floor_area_m2_centi" is null or "homesteads"."floor_area_m2_centi" > 0)
);
--> statement-breakpoint
CREATE TABLE "land_contracts" (
	"right_id" uuid PRIMARY KEY NOT NULL,
	"contract_no" varchar(40) NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	CONSTRAINT "land_contracts_contract_no_unique" UNIQUE("contract_no"),
	CONSTRAINT "land_contracts_term" CHECK ("land_contracts"."end_date" > "land_contracts"."start_date")
);
--> statement-breakpoint
CREATE TABLE "parcels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"right_id" uuid NOT NULL,
	"collective_id" uuid NOT NULL,
	"code" varchar(19) NOT NULL,
	"name" text NOT NULL,
	"area_mu_centi" integer NOT NULL,
	"land_class" text NOT NULL,
	"east" text NOT NULL,
	"south" text NOT NULL,
	"west" text NOT NULL,
	"north" text NOT NULL,
	"geojson" jsonb,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "parcels_area" CHECK ("parcels"."area_mu_centi" > 0 and "parcels"."area_mu_centi" <= 1000000),
	CONSTRAINT "parcels_code_form" CHECK ("parcels"."code" ~ '^[0-9]{19}$')
);
--> statement-breakpoint
CREATE TABLE "rights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"collective_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"household_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"source_right_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "share_holdings" (
	"right_id" uuid PRIMARY KEY NOT NULL,
	"shares" integer NOT NULL,
	CONSTRAINT "share_holdings_positive" CHECK ("share_holdings"."shares" > 0)
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"right_id" uuid NOT NULL,
	"collective_id" uuid NOT NULL,
	"number" varchar(40) NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"verify_token" varchar(43) NOT NULL,
	"replaces_id" uuid,
	"issued_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	CONSTRAINT "certificates_number_unique" UNIQUE("number"),
	CONSTRAINT "certificates_verify_token_unique" UNIQUE("verify_token")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" varchar(200) PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"reset_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"sid" varchar(128) PRIMARY KEY NOT NULL,
	"sess" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" varchar(64) NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"display_name" text NOT NULL,
	"region_code" varchar(12),
	"collective_id" uuid,
	"household_id" uuid,
	"member_id" uuid,
	"must_change_password" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username"),
	CONSTRAINT "users_scope" CHECK ((role = 'admin')
    or (role = 'bureau' and region_code is not null)
    or (role = 'officer' and collective_id is not null)
    or (role = 'farmer' and household_id is not null))
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_role" text,
	"action" varchar(60) NOT NULL,
	"entity_type" varchar(30) NOT NULL,
	"entity_id" text NOT NULL,
	"collective_id" uuid,
	"region_code" varchar(12),
	"household_id" uuid,
	"right_id" uuid,
	"before" jsonb,
	"after" jsonb,
	"reason" text,
	"prev_hash" varchar(64) NOT NULL,
	"hash" varchar(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" varchar(30) NOT NULL,
	"user_id" uuid NOT NULL,
	"collective_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "deals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" varchar(40) NOT NULL,
	"listing_id" uuid NOT NULL,
	"collective_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"seller_household_id" uuid NOT NULL,
	"buyer_household_id" uuid,
	"offer_id" uuid,
	"price_fen" bigint NOT NULL,
	"status" text DEFAULT 'signing' NOT NULL,
	"seller_signed_at" timestamp with time zone,
	"buyer_signed_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"registered_at" timestamp with time zone,
	"registered_by" uuid,
	"new_right_id" uuid,
	"suspended_at" timestamp with time zone,
	"suspend_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deals_number_unique" UNIQUE("number"),
	CONSTRAINT "deals_listing_id_unique" UNIQUE("listing_id"),
	CONSTRAINT "deals_price" CHECK ("deals"."price_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "listing_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"method" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"scan_path" text,
	"scan_mime" varchar(60),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"right_id" uuid NOT NULL,
	"collective_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"seller_household_id" uuid NOT NULL,
	"path" text NOT NULL,
	"right_kind" text NOT NULL,
	"parcel_ids" jsonb,
	"shares" integer,
	"asking_price_fen" bigint NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"prepared_by" uuid NOT NULL,
	"prepared_by_officer" integer DEFAULT 0 NOT NULL,
	"confirmed_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"reject_reason" text,
	"notice_ends_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"suspended_at" timestamp with time zone,
	"suspend_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "listings_price" CHECK ("listings"."asking_price_fen" > 0),
	CONSTRAINT "listings_shares" CHECK ("listings"."shares" is null or "listings"."shares" > 0)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" varchar(40) NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"buyer_household_id" uuid NOT NULL,
	"price_fen" bigint NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offers_price" CHECK ("offers"."price_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "collectives" ADD CONSTRAINT "collectives_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dividends" ADD CONSTRAINT "dividends_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "homesteads" ADD CONSTRAINT "homesteads_right_id_rights_id_fk" FOREIGN KEY ("right_id") REFERENCES "public"."rights"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "land_contracts" ADD CONSTRAINT "land_contracts_right_id_rights_id_fk" FOREIGN KEY ("right_id") REFERENCES "public"."rights"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_right_id_rights_id_fk" FOREIGN KEY ("right_id") REFERENCES "public"."rights"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rights" ADD CONSTRAINT "rights_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rights" ADD CONSTRAINT "rights_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_holdings" ADD CONSTRAINT "share_holdings_right_id_rights_id_fk" FOREIGN KEY ("right_id") REFERENCES "public"."rights"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_right_id_rights_id_fk" FOREIGN KEY ("right_id") REFERENCES "public"."rights"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_consents" ADD CONSTRAINT "listing_consents_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_consents" ADD CONSTRAINT "listing_consents_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_right_id_rights_id_fk" FOREIGN KEY ("right_id") REFERENCES "public"."rights"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_seller_household_id_households_id_fk" FOREIGN KEY ("seller_household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_buyer_household_id_households_id_fk" FOREIGN KEY ("buyer_household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "collectives_region_idx" ON "collectives" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "dividends_collective_year_idx" ON "dividends" USING btree ("collective_id","year");--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "households_collective_idx" ON "households" USING btree ("collective_id");--> statement-breakpoint
CREATE INDEX "households_region_idx" ON "households" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "households_head_trgm_idx" ON "households" USING gin ("head_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "members_household_idx" ON "members" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "members_collective_idx" ON "members" USING btree ("collective_id");--> statement-breakpoint
CREATE INDEX "members_name_trgm_idx" ON "members" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "homesteads_parcel_idx" ON "homesteads" USING btree ("parcel_code");--> statement-breakpoint
CREATE INDEX "parcels_right_idx" ON "parcels" USING btree ("right_id");--> statement-breakpoint
CREATE UNIQUE INDEX "parcels_code_active" ON "parcels" USING btree ("code") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "rights_household_idx" ON "rights" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "rights_collective_kind_idx" ON "rights" USING btree ("collective_id","kind","status");--> statement-breakpoint
CREATE INDEX "rights_region_idx" ON "rights" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "rights_one_homestead_per_household" ON "rights" USING btree ("household_id") WHERE kind = 'homestead' and status in ('active', 'listed', 'in_transaction');--> statement-breakpoint
CREATE INDEX "certificates_right_idx" ON "certificates" USING btree ("right_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_one_valid_per_right" ON "certificates" USING btree ("right_id") WHERE status = 'valid';--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "users_household_idx" ON "users" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "audit_household_idx" ON "audit_log" USING btree ("household_id","seq");--> statement-breakpoint
CREATE INDEX "audit_right_idx" ON "audit_log" USING btree ("right_id","seq");--> statement-breakpoint
CREATE INDEX "audit_collective_idx" ON "audit_log" USING btree ("collective_id","seq");--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "deals_collective_idx" ON "deals" USING btree ("collective_id","status");--> statement-breakpoint
CREATE INDEX "deals_region_idx" ON "deals" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "listing_consents_once" ON "listing_consents" USING btree ("listing_id","member_id");--> statement-breakpoint
CREATE INDEX "listings_collective_status_idx" ON "listings" USING btree ("collective_id","status");--> statement-breakpoint
CREATE INDEX "listings_seller_idx" ON "listings" USING btree ("seller_household_id");--> statement-breakpoint
CREATE INDEX "listings_region_idx" ON "listings" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "listings_one_live_per_right" ON "listings" USING btree ("right_id") WHERE status in ('draft', 'submitted', 'approved', 'in_deal');--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "offers_listing_idx" ON "offers" USING btree ("listing_id","status");--> statement-breakpoint
CREATE INDEX "offers_buyer_idx" ON "offers" USING btree ("buyer_household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_one_active_per_buyer" ON "offers" USING btree ("listing_id","buyer_household_id") WHERE status = 'active';