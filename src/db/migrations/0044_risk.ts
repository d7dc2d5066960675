import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

// Fraud and abuse (docs/fraud.md): the shop's risk settings, block and allow lists, the history of
// every return's score, what the portal saw of a shopper's device and IP (hashed), the customer's
// latest score, a payment fingerprint per order, and the normal forms that link accounts. The
// normal forms are SQL functions so the indexes, the list entries and the linking agree exactly.
export async function up(db: Kysely<unknown>): Promise<void> {
  // An e-mail address as a person, not a spelling: case, a +tag, and Gmail's dots do not count.
  // Not one address (no or two @, nothing before the tag): null, so it links nothing.
  await sql`create function retour_normal_email(e text) returns text language sql immutable strict as $$
    select case when e !~ '^[^@]+@[^@]+$' or split_part(btrim(split_part(e, '@', 1)), '+', 1) = '' then null
      when lower(btrim(split_part(e, '@', 2))) in ('gmail.com', 'googlemail.com')
        then nullif(replace(split_part(lower(btrim(split_part(e, '@', 1))), '+', 1), '.', ''), '') || '@gmail.com'
      else split_part(lower(btrim(split_part(e, '@', 1))), '+', 1) || '@' || lower(btrim(split_part(e, '@', 2))) end
  $$`.execute(db);
  // A delivery address as a door: country, postcode without spaces, and the house number with its
  // addition however it is written (Kerkstraat 12 a, 12a and 12-A are NL|1012AB|12-A; 12-III and
  // 12 III one flat, 12-3 another). The number is the street line's last one (1e Helmersstraat 12 →
  // 12), else its first (12 rue de Rivoli). No postcode or no number: no door, null.
  await sql`create function retour_normal_address(a jsonb) returns text language sql immutable strict as $$
    select case when coalesce(btrim(a->>'postcode'), '') = '' then null
      else upper(coalesce(btrim(a->>'country'), '')) || '|'
        || upper(regexp_replace(a->>'postcode', '[^0-9A-Za-z]', '', 'g')) || '|'
        || coalesce(
          (select m[1] || coalesce('-' || m[2], '')
            from regexp_match(upper(coalesce(a->>'line1', '')), '([0-9]+)[ ./-]*([A-Z]+|[0-9]+)?[^0-9A-Z]*$') as m),
          (regexp_match(coalesce(a->>'line1', ''), '[0-9]+'))[1]) end
  $$`.execute(db);
  // A phone number as its last nine digits: +31 6 1234 5678, 0031612345678 and 06-12345678 are one.
  await sql`create function retour_normal_phone(p text) returns text language sql immutable strict as $$
    select case when length(regexp_replace(p, '[^0-9]', '', 'g')) < 6 then null
      else right(regexp_replace(p, '[^0-9]', '', 'g'), 9) end
  $$`.execute(db);
  await sql`create function retour_normal_fingerprint(f text) returns text language sql immutable strict as $$
    select nullif(lower(btrim(f)), '')
  $$`.execute(db);

  await sql`create table risk_settings (
    id text primary key,
    document jsonb,
    salt text not null,
    updated_at timestamptz not null default now(),
    updated_by text
  )`.execute(db);
  await sql`insert into risk_settings (id, document, salt) values ('shop', null, ${randomBytes(32).toString('hex')})`.execute(db);

  await sql`create table risk_list_entries (
    id text primary key,
    list text not null check (list in ('block', 'allow')),
    kind text not null check (kind in ('customer', 'email', 'address', 'phone', 'payment')),
    value text not null,
    display text not null,
    reason text not null,
    created_by text,
    created_by_name text,
    created_at timestamptz not null,
    until timestamptz,
    removed_at timestamptz,
    removed_by text
  )`.execute(db);
  await sql`create index risk_list_entries_value_idx on risk_list_entries (kind, value) where removed_at is null`.execute(db);

  await sql`create table risk_assessments (
    id text primary key,
    return_id text not null references returns (id),
    customer_id text not null references customers (id),
    stage text not null check (stage in ('request', 'inspection', 'review')),
    score integer not null check (score between 0 and 100),
    level text not null,
    signals jsonb not null,
    decision jsonb not null,
    allow_listed boolean not null default false,
    actor_type text not null,
    actor_id text,
    note text,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index risk_assessments_return_idx on risk_assessments (return_id, created_at)`.execute(db);
  await sql`create index risk_assessments_customer_idx on risk_assessments (customer_id, created_at)`.execute(db);

  await sql`create table portal_sightings (
    id bigserial primary key,
    at timestamptz not null,
    kind text not null check (kind in ('lookup', 'lookup_failed', 'request')),
    customer_id text,
    order_id text,
    device text,
    ip text
  )`.execute(db);
  await sql`create index portal_sightings_device_idx on portal_sightings (device, at) where device is not null`.execute(db);
  await sql`create index portal_sightings_ip_idx on portal_sightings (ip, at) where ip is not null`.execute(db);
  await sql`create index portal_sightings_customer_idx on portal_sightings (customer_id, at) where customer_id is not null`.execute(
    db,
  );

  await sql`alter table customers
    add column risk_score integer not null default 0,
    add column risk_signals jsonb not null default '[]'::jsonb,
    add column risk_assessed_at timestamptz`.execute(db);
  await sql`create index customers_risk_idx on customers (risk_score desc, id) where risk_score > 0`.execute(db);
  await sql`create index customers_normal_phone_idx on customers (retour_normal_phone(phone)) where phone is not null`.execute(
    db,
  );

  await sql`alter table orders add column payment_fingerprint text`.execute(db);
  await sql`create index orders_fingerprint_idx on orders (retour_normal_fingerprint(payment_fingerprint))
    where payment_fingerprint is not null`.execute(db);
  await sql`create index orders_normal_address_idx on orders (retour_normal_address(shipping_address))`.execute(db);
  await sql`create index orders_normal_email_idx on orders (retour_normal_email(email))`.execute(db);

  await sql`alter table returns add column refund_after_receipt boolean not null default false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table returns drop column refund_after_receipt`.execute(db);
  await sql`drop index if exists orders_normal_email_idx`.execute(db);
  await sql`drop index if exists orders_normal_address_idx`.execute(db);
  await sql`drop index if exists orders_fingerprint_idx`.execute(db);
  await sql`alter table orders drop column payment_fingerprint`.execute(db);
  await sql`drop index if exists customers_normal_phone_idx`.execute(db);
  await sql`alter table customers drop column risk_assessed_at, drop column risk_signals, drop column risk_score`.execute(db);
  await sql`drop table if exists portal_sightings`.execute(db);
  await sql`drop table if exists risk_assessments`.execute(db);
  await sql`drop table if exists risk_list_entries`.execute(db);
  await sql`drop table if exists risk_settings`.execute(db);
  for (const f of [
    'retour_normal_fingerprint(text)',
    'retour_normal_phone(text)',
    'retour_normal_address(jsonb)',
    'retour_normal_email(text)',
  ]) {
    await sql.raw(`drop function if exists ${f}`).execute(db);
  }
}
