ALTER TABLE "households" ADD COLUMN "land_barred_until" date;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "right_id" uuid;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "snapshot" jsonb;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "settled_by" uuid;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "counter_price_fen" bigint;--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "exit_effective_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "closing_soon_notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "notice_closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "withdraw_reason" text;--> statement-breakpoint
ALTER TABLE "deals" ADD CONSTRAINT "deals_right_id_rights_id_fk" FOREIGN KEY ("right_id") REFERENCES "public"."rights"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deals_seller_idx" ON "deals" USING btree ("seller_household_id");--> statement-breakpoint
CREATE INDEX "deals_buyer_idx" ON "deals" USING btree ("buyer_household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deals_one_open_per_right" ON "deals" USING btree ("right_id") WHERE status in ('signing', 'signed', 'paid', 'settled');--> statement-breakpoint
CREATE INDEX "listings_notice_idx" ON "listings" USING btree ("notice_ends_at") WHERE status = 'approved';--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_counter_price" CHECK ("listings"."counter_price_fen" is null or "listings"."counter_price_fen" > 0);