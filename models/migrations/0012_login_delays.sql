CREATE TABLE "login_failures" (
	"kind" text NOT NULL,
	"name" varchar(64) DEFAULT '' NOT NULL,
	"source" varchar(80) DEFAULT '' NOT NULL,
	"failures" integer NOT NULL,
	"last_failed_at" timestamp with time zone NOT NULL,
	"wait_until" timestamp with time zone,
	CONSTRAINT "login_failures_kind_name_source_pk" PRIMARY KEY("kind","name","source"),
	CONSTRAINT "login_failures_kind" CHECK (kind in ('pair', 'account', 'address'))
);
--> statement-breakpoint
CREATE INDEX "login_failures_source_idx" ON "login_failures" USING btree ("source","last_failed_at");--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";