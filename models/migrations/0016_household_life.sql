CREATE TABLE "contract_extensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"right_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"collective_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"old_end_date" date NOT NULL,
	"new_end_date" date NOT NULL,
	"adjusted" text,
	"extended_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contract_extensions_term" CHECK ("contract_extensions"."new_end_date" > "contract_extensions"."old_end_date")
);
--> statement-breakpoint
CREATE TABLE "household_endings" (
	"household_id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"into_household_id" uuid,
	"ended_on" date NOT NULL,
	"event_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_event_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"name" text NOT NULL,
	"mime" varchar(60) NOT NULL,
	"size" integer NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_event_documents_size" CHECK ("household_event_documents"."size" > 0)
);
--> statement-breakpoint
CREATE TABLE "household_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"household_id" uuid NOT NULL,
	"other_household_id" uuid,
	"collective_id" uuid NOT NULL,
	"region_code" varchar(12) NOT NULL,
	"occurred_on" date NOT NULL,
	"decided_by" text,
	"reason" text,
	"details" jsonb NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contract_extensions" ADD CONSTRAINT "contract_extensions_right_id_rights_id_fk" FOREIGN KEY ("right_id") REFERENCES "public"."rights"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_extensions" ADD CONSTRAINT "contract_extensions_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_endings" ADD CONSTRAINT "household_endings_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_endings" ADD CONSTRAINT "household_endings_into_household_id_households_id_fk" FOREIGN KEY ("into_household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_endings" ADD CONSTRAINT "household_endings_event_id_household_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."household_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_event_documents" ADD CONSTRAINT "household_event_documents_event_id_household_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."household_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_events" ADD CONSTRAINT "household_events_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_events" ADD CONSTRAINT "household_events_other_household_id_households_id_fk" FOREIGN KEY ("other_household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_events" ADD CONSTRAINT "household_events_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contract_extensions_right_idx" ON "contract_extensions" USING btree ("right_id");--> statement-breakpoint
CREATE INDEX "contract_extensions_region_idx" ON "contract_extensions" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "household_event_documents_event_idx" ON "household_event_documents" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "household_events_household_idx" ON "household_events" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "household_events_other_idx" ON "household_events" USING btree ("other_household_id");