CREATE TABLE "listing_objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"listing_id" uuid NOT NULL,
	"collective_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"objector_user_id" uuid NOT NULL,
	"objector_role" text NOT NULL,
	"objector_member_id" uuid,
	"ground" text NOT NULL,
	"text" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"finding_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "objection_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "listing_objections" ADD CONSTRAINT "listing_objections_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "listing_objections_listing_idx" ON "listing_objections" USING btree ("listing_id");--> statement-breakpoint
CREATE INDEX "listing_objections_open_idx" ON "listing_objections" USING btree ("region_code","status");