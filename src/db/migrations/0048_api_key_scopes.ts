import { type Kysely, sql } from 'kysely';

// An API key may be narrowed to some of its role's permissions and may expire. Null in either
// column means what keys meant before: all the role may do, for as long as the key is not revoked,
// so the keys already handed to integrations keep working.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_keys
    add column scopes jsonb constraint api_keys_scopes_array check (scopes is null or jsonb_typeof(scopes) = 'array'),
    add column expires_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_keys drop column if exists scopes, drop column if exists expires_at`.execute(db);
}
