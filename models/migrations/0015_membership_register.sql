CREATE TABLE "member_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"collective_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"decided_on" date NOT NULL,
	"meeting_type" text NOT NULL,
	"matter" text NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"entitled" integer NOT NULL,
	"present_in_person" integer NOT NULL,
	"present_online" integer DEFAULT 0 NOT NULL,
	"present_by_proxy" integer DEFAULT 0 NOT NULL,
	"votes_for" integer NOT NULL,
	"votes_against" integer NOT NULL,
	"votes_abstain" integer NOT NULL,
	"settings" jsonb,
	"minutes_scan" "bytea",
	"minutes_mime" text,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_decisions_counts" CHECK ("member_decisions"."entitled" > 0 and "member_decisions"."present_in_person" >= 0 and "member_decisions"."present_online" >= 0 and "member_decisions"."present_by_proxy" >= 0
      and "member_decisions"."present_in_person" + "member_decisions"."present_online" + "member_decisions"."present_by_proxy" <= "member_decisions"."entitled"
      and "member_decisions"."votes_for" >= 0 and "member_decisions"."votes_against" >= 0 and "member_decisions"."votes_abstain" >= 0
      and "member_decisions"."votes_for" + "member_decisions"."votes_against" + "member_decisions"."votes_abstain" <= "member_decisions"."present_in_person" + "member_decisions"."present_online" + "member_decisions"."present_by_proxy")
);
--> statement-breakpoint
CREATE TABLE "membership_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"collective_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ground" text NOT NULL,
	"effective_on" date,
	"decision_id" uuid,
	"note" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "membership_events_ground" CHECK (("membership_events"."kind" = 'confirmed' and "membership_events"."ground" in ('birth','marriage','adoption','policy_migration','original','other'))
       or ("membership_events"."kind" = 'kept' and "membership_events"."ground" in ('work','business','study','military','marriage','divorce','settled_city'))
       or ("membership_events"."kind" = 'ended' and "membership_events"."ground" in ('death','nationality','other_organisation','civil_servant','voluntary_exit'))),
	CONSTRAINT "membership_events_dated" CHECK ("membership_events"."effective_on" is not null or ("membership_events"."kind" = 'confirmed' and "membership_events"."ground" = 'original'))
);
--> statement-breakpoint
ALTER TABLE "member_decisions" ADD CONSTRAINT "member_decisions_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_events" ADD CONSTRAINT "membership_events_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_events" ADD CONSTRAINT "membership_events_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_events" ADD CONSTRAINT "membership_events_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_events" ADD CONSTRAINT "membership_events_decision_id_member_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."member_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_decisions_collective_idx" ON "member_decisions" USING btree ("collective_id","decided_on" desc);--> statement-breakpoint
CREATE INDEX "membership_events_member_idx" ON "membership_events" USING btree ("member_id","recorded_at");--> statement-breakpoint
CREATE INDEX "membership_events_collective_idx" ON "membership_events" USING btree ("collective_id");--> statement-breakpoint
CREATE INDEX "membership_events_household_idx" ON "membership_events" USING btree ("household_id");--> statement-breakpoint
-- Data: every person flagged a member before the register becomes "原始成员, confirmed" (§12: members
-- confirmed in earlier reforms need no new confirmation), undated, with a note saying so. The flag
-- members.is_collective_member stays as the cached current status (see server/registry/membership.ts).
INSERT INTO "membership_events" ("member_id", "household_id", "collective_id", "kind", "ground", "effective_on", "note", "recorded_at")
SELECT m."id", m."household_id", m."collective_id", 'confirmed', 'original', NULL,
  '名册建立前已确认为成员（由原“集体经济组织成员”标记迁移）/ confirmed before the register (moved from the former member flag)', m."created_at"
FROM "members" m WHERE m."is_collective_member";
