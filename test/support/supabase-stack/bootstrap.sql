-- Test-only stand-in for what every hosted Supabase project already has: the API roles,
-- the auth/extensions schemas, auth.jwt()/auth.role()/auth.uid() and Supabase's default grants.
-- It is NOT shipped: supabase/migrations/*.sql is applied on top of it.
-- Idempotent (roles are cluster-wide, so it is re-run for every extra database a test creates):
--   psql -v ON_ERROR_STOP=1 [-v authenticator_password=...] -f bootstrap.sql

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
end
$$;

grant anon, authenticated, service_role to authenticator;

\if :{?authenticator_password}
alter role authenticator with password :'authenticator_password';
\endif

create schema if not exists extensions;
create schema if not exists auth;

-- PostgREST 12 puts the verified JWT payload into request.jwt.claims; older releases used one
-- setting per claim, which hosted Supabase's auth.uid() still reads as a fallback.
create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claims', true), ''),
    '{}'
  )::jsonb
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    auth.jwt() ->> 'role'
  )
$$;

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    auth.jwt() ->> 'sub'
  )::uuid
$$;

grant usage on schema public, extensions, auth to anon, authenticated, service_role;
grant execute on function auth.jwt(), auth.role(), auth.uid() to anon, authenticated, service_role;

-- Supabase grants everything in public to the API roles and relies on RLS to restrict them,
-- which is exactly the default the shipped migration has to tighten.
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
grant all on all tables in schema public to anon, authenticated, service_role;
grant all on all sequences in schema public to anon, authenticated, service_role;
grant all on all functions in schema public to anon, authenticated, service_role;
