CREATE TABLE "escrow_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"collective_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"listing_id" uuid NOT NULL,
	"offer_id" uuid,
	"deal_id" uuid,
	"household_id" uuid,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"value_date" date,
	"bank_reference" text,
	"note" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escrow_amount" CHECK ("escrow_entries"."amount_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "collectives" ADD COLUMN "deposit_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "collectives" ADD COLUMN "deposit_percent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "collectives" ADD COLUMN "deposit_forfeit_to" text DEFAULT 'collective' NOT NULL;--> statement-breakpoint
ALTER TABLE "collectives" ADD COLUMN "supervised_payment" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "supervised" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "deposit_fen" bigint;--> statement-breakpoint
ALTER TABLE "escrow_entries" ADD CONSTRAINT "escrow_entries_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escrow_entries" ADD CONSTRAINT "escrow_entries_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escrow_entries" ADD CONSTRAINT "escrow_entries_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escrow_entries" ADD CONSTRAINT "escrow_entries_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "public"."deals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "escrow_collective_idx" ON "escrow_entries" USING btree ("collective_id","created_at");--> statement-breakpoint
CREATE INDEX "escrow_region_idx" ON "escrow_entries" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "escrow_deal_idx" ON "escrow_entries" USING btree ("deal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "escrow_one_deposit_per_offer" ON "escrow_entries" USING btree ("offer_id") WHERE kind = 'deposit_in';--> statement-breakpoint
CREATE UNIQUE INDEX "escrow_one_deposit_outcome_per_offer" ON "escrow_entries" USING btree ("offer_id") WHERE kind in ('deposit_refund', 'deposit_to_price', 'deposit_forfeit');--> statement-breakpoint
CREATE UNIQUE INDEX "escrow_one_price_per_deal" ON "escrow_entries" USING btree ("deal_id") WHERE kind = 'price_in';--> statement-breakpoint
CREATE UNIQUE INDEX "escrow_one_release_per_deal" ON "escrow_entries" USING btree ("deal_id") WHERE kind in ('price_release', 'price_refund');--> statement-breakpoint
ALTER TABLE "collectives" ADD CONSTRAINT "collectives_deposit" CHECK ("collectives"."deposit_fen" >= 0 and "collectives"."deposit_percent" between 0 and 100);