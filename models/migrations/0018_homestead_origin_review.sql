ALTER TABLE "homesteads" ADD COLUMN "origin" text DEFAULT 'new' NOT NULL;--> statement-breakpoint
ALTER TABLE "homesteads" ADD COLUMN "review_flag" text;