ALTER TABLE "api_tokens" ADD COLUMN "scopes" text[] DEFAULT '{read}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "sessions_ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_scopes" CHECK (cardinality(scopes) > 0 and scopes <@ array['read', 'write']::text[]);--> statement-breakpoint
-- Tokens issued before scopes existed could write: they keep that (an admin revokes and reissues one to narrow it).
UPDATE "api_tokens" SET "scopes" = '{read,write}'::text[];--> statement-breakpoint
-- Tokens of accounts deactivated earlier would work again after a reactivation: revoked now, as a deactivation does from now on.
UPDATE "api_tokens" SET "revoked_at" = now() FROM "users" WHERE "users"."id" = "api_tokens"."user_id" AND NOT "users"."active" AND "api_tokens"."revoked_at" IS NULL;
