CREATE TABLE "alert_settings" (
	"region_code" varchar(12) PRIMARY KEY NOT NULL,
	"region_prefix" varchar(12) NOT NULL,
	"max_purchases" integer DEFAULT 3 NOT NULL,
	"settlement_days" integer DEFAULT 90 NOT NULL,
	"max_rejections" integer DEFAULT 3 NOT NULL,
	"max_withdrawals" integer DEFAULT 5 NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_settings_ranges" CHECK ("alert_settings"."max_purchases" between 1 and 1000 and "alert_settings"."settlement_days" between 1 and 3650
    and "alert_settings"."max_rejections" between 1 and 1000 and "alert_settings"."max_withdrawals" between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subject_key" varchar(120) NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"collective_id" uuid NOT NULL,
	"household_id" uuid,
	"listing_id" uuid,
	"deal_id" uuid,
	"link" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"ack_note" text
);
--> statement-breakpoint
CREATE TABLE "reference_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"region_prefix" varchar(12) NOT NULL,
	"right_kind" text NOT NULL,
	"unit_price_fen" bigint NOT NULL,
	"alert_percent" integer DEFAULT 70 NOT NULL,
	"set_by" uuid NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replaced_at" timestamp with time zone,
	CONSTRAINT "reference_prices_positive" CHECK ("reference_prices"."unit_price_fen" > 0),
	CONSTRAINT "reference_prices_percent" CHECK ("reference_prices"."alert_percent" between 1 and 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_kind_subject" ON "alerts" USING btree ("kind","subject_key");--> statement-breakpoint
CREATE INDEX "alerts_region_idx" ON "alerts" USING btree ("region_code" text_pattern_ops,"created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reference_prices_current" ON "reference_prices" USING btree ("region_code","right_kind") WHERE replaced_at is null;--> statement-breakpoint
CREATE INDEX "reference_prices_prefix_idx" ON "reference_prices" USING btree ("right_kind","region_prefix","set_at");