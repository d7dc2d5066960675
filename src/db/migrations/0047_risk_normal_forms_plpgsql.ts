import { type Kysely, sql } from 'kysely';

// The normal forms of 0044, the same results, in PL/pgSQL. A SQL function that cannot be inlined
// (these are strict, and one read its match through a sub-select) sets up and plans its body again
// in every statement that calls it: about 0.08 ms per call, a dozen calls in a return request's risk
// facts. PL/pgSQL keeps a session's plan of the body, and a body that is one expression runs on its
// fast path. The address's house number and addition are joined by array_to_string, which skips
// the addition when there is none, instead of a sub-select. Indexes on these functions stay valid:
// each gives what it gave before.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function retour_normal_email(e text) returns text
    language plpgsql immutable strict parallel safe as $$
    begin
      return case when e !~ '^[^@]+@[^@]+$' or split_part(btrim(split_part(e, '@', 1)), '+', 1) = '' then null
        when lower(btrim(split_part(e, '@', 2))) in ('gmail.com', 'googlemail.com')
          then nullif(replace(split_part(lower(btrim(split_part(e, '@', 1))), '+', 1), '.', ''), '') || '@gmail.com'
        else split_part(lower(btrim(split_part(e, '@', 1))), '+', 1) || '@' || lower(btrim(split_part(e, '@', 2))) end;
    end $$`.execute(db);
  await sql`create or replace function retour_normal_address(a jsonb) returns text
    language plpgsql immutable strict parallel safe as $$
    begin
      return case when coalesce(btrim(a->>'postcode'), '') = '' then null
        else upper(coalesce(btrim(a->>'country'), '')) || '|'
          || upper(regexp_replace(a->>'postcode', '[^0-9A-Za-z]', '', 'g')) || '|'
          || coalesce(
            array_to_string(regexp_match(upper(coalesce(a->>'line1', '')), '([0-9]+)[ ./-]*([A-Z]+|[0-9]+)?[^0-9A-Z]*$'), '-'),
            (regexp_match(coalesce(a->>'line1', ''), '[0-9]+'))[1]) end;
    end $$`.execute(db);
  await sql`create or replace function retour_normal_phone(p text) returns text
    language plpgsql immutable strict parallel safe as $$
    begin
      return case when length(regexp_replace(p, '[^0-9]', '', 'g')) < 6 then null
        else right(regexp_replace(p, '[^0-9]', '', 'g'), 9) end;
    end $$`.execute(db);
  await sql`create or replace function retour_normal_fingerprint(f text) returns text
    language plpgsql immutable strict parallel safe as $$
    begin
      return nullif(lower(btrim(f)), '');
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function retour_normal_email(e text) returns text language sql immutable strict as $$
    select case when e !~ '^[^@]+@[^@]+$' or split_part(btrim(split_part(e, '@', 1)), '+', 1) = '' then null
      when lower(btrim(split_part(e, '@', 2))) in ('gmail.com', 'googlemail.com')
        then nullif(replace(split_part(lower(btrim(split_part(e, '@', 1))), '+', 1), '.', ''), '') || '@gmail.com'
      else split_part(lower(btrim(split_part(e, '@', 1))), '+', 1) || '@' || lower(btrim(split_part(e, '@', 2))) end
  $$`.execute(db);
  await sql`create or replace function retour_normal_address(a jsonb) returns text language sql immutable strict as $$
    select case when coalesce(btrim(a->>'postcode'), '') = '' then null
      else upper(coalesce(btrim(a->>'country'), '')) || '|'
        || upper(regexp_replace(a->>'postcode', '[^0-9A-Za-z]', '', 'g')) || '|'
        || coalesce(
          (select m[1] || coalesce('-' || m[2], '')
            from regexp_match(upper(coalesce(a->>'line1', '')), '([0-9]+)[ ./-]*([A-Z]+|[0-9]+)?[^0-9A-Z]*$') as m),
          (regexp_match(coalesce(a->>'line1', ''), '[0-9]+'))[1]) end
  $$`.execute(db);
  await sql`create or replace function retour_normal_phone(p text) returns text language sql immutable strict as $$
    select case when length(regexp_replace(p, '[^0-9]', '', 'g')) < 6 then null
      else right(regexp_replace(p, '[^0-9]', '', 'g'), 9) end
  $$`.execute(db);
  await sql`create or replace function retour_normal_fingerprint(f text) returns text language sql immutable strict as $$
    select nullif(lower(btrim(f)), '')
  $$`.execute(db);
}
