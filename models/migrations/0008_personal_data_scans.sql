CREATE TABLE "personal_reads" (
	"user_id" uuid NOT NULL,
	"day" date NOT NULL,
	"persons" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "personal_reads_user_id_day_pk" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
CREATE TABLE "consent_scans" (
	"consent_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "consent_scans_consent_id_seq_pk" PRIMARY KEY("consent_id","seq")
);
--> statement-breakpoint
ALTER TABLE "listing_consents" ADD COLUMN "scan_bytes" integer;--> statement-breakpoint
ALTER TABLE "consent_scans" ADD CONSTRAINT "consent_scans_consent_id_listing_consents_id_fk" FOREIGN KEY ("consent_id") REFERENCES "public"."listing_consents"("id") ON DELETE cascade ON UPDATE no action;