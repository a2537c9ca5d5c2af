-- Name search for Chinese names (issue 19 item 2). Most names are two or three characters, so a
-- search by a given name (two characters, e.g. 小明 in 王小明) holds no trigram that pg_trgm can
-- look up, and a search for it anywhere in the name had to scan. Every two-character piece of a
-- name, lower-cased, is indexed (GIN over a text array): a two-character search is one index
-- lookup of its bigram. One character (a surname) stays a prefix search, three or more the
-- trigram index (server/registry/household-search.ts).
CREATE OR REPLACE FUNCTION name_bigrams(s text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(DISTINCT lower(substr(s, i, 2))), '{}'::text[]) FROM generate_series(1, char_length(s) - 1) AS i $$;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "members_name_bigram_idx" ON "members" USING gin (name_bigrams("name"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "households_head_bigram_idx" ON "households" USING gin (name_bigrams("head_name"));
