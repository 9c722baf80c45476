-- n8n-nodes-retell: Supabase schema for Retell call logging.
--
-- Creates (or upgrades in place) the tables the Retell Supabase node writes:
--   agents                  Retell columns added to the app's agents table (retell_agent_id, provider_type, ...)
--   retell_call_sessions    one row per Retell call_id, merged from webhooks / call objects
--   leads                   at most one lead per call
-- plus public.retell_merge_call_sessions(p_rows jsonb), the order-independent merge the node calls
-- through PostgREST RPC, public.retell_agent_stats(...), calls / minutes / cost per agent, day or provider
-- type over a time range (see Stats), triggers, row-level security, grants and indexes.
--
-- Idempotent: every statement may run again, and a table created by an older version of the app
-- (e.g. the Twilio -> Retell seed's agents / retell_call_sessions / leads) converges by gaining the
-- missing columns and constraints. Existing columns keep their types.
--
-- Run it on a Supabase project (it needs the anon / authenticated / service_role roles and auth.uid()):
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 --single-transaction -f supabase/migrations/20261125000000_retell_call_logging.sql
--   supabase migration up --db-url "$DATABASE_URL"      (or: supabase db push)
--   Dashboard -> SQL Editor: paste the whole file and run it.
-- One transaction keeps the policy re-creation below atomic for concurrent readers.
--
-- Merge rules of retell_merge_call_sessions (each input row: mapped columns + "event" [+ "received_at"]):
--   * Event tiers: call_started 1 < transcript_updated, transfer_* 2 < call_ended 3 < call_analyzed 4;
--     unknown events 0. A row without "event" (e.g. from Retell's call list) counts as call_analyzed when
--     it carries analysis, as call_ended when its status is ended/error/not_connected, else as call_started,
--     and leaves event_timestamps / last_event alone.
--   * A null or absent value never erases a stored one.
--   * Every column except the four below keeps the value of the highest-tier event that supplied one; at
--     the same tier the greater value wins (text: longer, then greater in "C" collation; jsonb: PostgreSQL's
--     jsonb order, where more keys / elements is greater; equal values: the greater event name is recorded).
--     field_sources records, per column, which event the stored value came from. So the final transcript
--     of call_ended / call_analyzed always beats transcript_updated, and among transcript_updated events
--     the longest transcript wins.
--   * call_status only moves forward: registered 1 < ongoing 2 < not_connected 3 < ended 4 < error 5
--     (unknown values 0). 'analyzed' is not a status: analysis is tracked by last_event / call_analysis.
--   * event_timestamps maps event -> ISO time (UTC) it was first received (received_at or now()); the
--     earliest is kept. last_event is derived from it: highest tier, then latest first-receipt, then name.
--   * agent_id is set from agents.id where agents.retell_agent_id matches, over any agent_id sent (an
--     agents row created later links its calls and leads through a trigger).
-- Each of these is a maximum over a total order, so any order of delivery, duplicates included, ends in
-- the same row; each batch locks its calls' rows (in call_id order) before merging into them, so
-- concurrent merges of one call serialise instead of overwriting each other.
--
-- Row-level security: service_role (BYPASSRLS) reads and writes everything; anon has no privileges at all;
-- authenticated users may only SELECT, and only their own agents (agents.owner_id = auth.uid(), which
-- defaults to the inserting user) and the sessions / leads of those agents. Of the functions they may call
-- only retell_agent_stats, which runs with their rights and so counts only those sessions.
--
-- Leads: insert with POST /leads?on_conflict=call_id and Prefer: resolution=ignore-duplicates (supabase-js:
-- upsert(lead, { onConflict: 'call_id', ignoreDuplicates: true })). A trigger fills session_id, agent_id,
-- retell_agent_id and phone (the customer: from_number of inbound, to_number of outbound calls) from the
-- call's session; the session must exist (foreign key, else 409 / 23503).


-- ---------------------------------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------------------------------
-- The immutable SQL helpers below carry no SET search_path on purpose: that clause stops PostgreSQL from
-- inlining them, and the merge then runs about ten times slower. They only call schema-qualified functions.

create or replace function public.retell_set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create or replace function public.retell_call_status_rank(p_status text)
returns integer
language sql
immutable
as $$
  select case p_status
    when 'registered' then 1
    when 'ongoing' then 2
    when 'not_connected' then 3
    when 'ended' then 4
    when 'error' then 5
    else 0
  end
$$;

-- The final events come first: most stored columns come from them.
create or replace function public.retell_event_tier(p_event text)
returns integer
language sql
immutable
as $$
  select case p_event
    when 'call_analyzed' then 4
    when 'call_ended' then 3
    when 'call_started' then 1
    when 'transcript_updated' then 2
    when 'transfer_started' then 2
    when 'transfer_bridged' then 2
    when 'transfer_cancelled' then 2
    when 'transfer_ended' then 2
    else 0
  end
$$;

-- True when the incoming (tier, value, event) beats the stored one for column p_col.
create or replace function public.retell_prefer(p_in anyelement, p_cur anyelement, p_col text, p_event text, p_sources jsonb)
returns boolean
language sql
immutable
as $$
  select case
    when p_in is null then false
    when p_cur is null then true
    else (public.retell_event_tier(p_event), p_in, p_event collate "C")
       > (public.retell_event_tier(p_sources ->> p_col), p_cur, coalesce(p_sources ->> p_col, '') collate "C")
  end
$$;

create or replace function public.retell_prefer_text(p_in text, p_cur text, p_col text, p_event text, p_sources jsonb)
returns boolean
language sql
immutable
as $$
  select case
    when p_in is null then false
    when p_cur is null then true
    else (public.retell_event_tier(p_event), length(p_in), p_in collate "C", p_event collate "C")
       > (public.retell_event_tier(p_sources ->> p_col), length(p_cur), p_cur collate "C",
          coalesce(p_sources ->> p_col, '') collate "C")
  end
$$;


-- ---------------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------------
-- Each table is created with its key only; its columns come from one list that also upgrades a table an
-- older version of the app created.

create table if not exists public.agents (id uuid primary key default gen_random_uuid());

alter table public.agents
  add column if not exists name text,
  add column if not exists description text,
  add column if not exists voice_id text,
  add column if not exists prompt text,
  add column if not exists phone_number text,
  add column if not exists retell_agent_id text,
  add column if not exists retell_phone_number_id text,
  add column if not exists provider_type text not null default 'retell',
  add column if not exists owner_id uuid default auth.uid(),
  add column if not exists created_at timestamptz not null default now(),
  add column if not exists updated_at timestamptz not null default now();

-- An older provider_type column may be nullable or lack the default.
update public.agents set provider_type = 'retell' where provider_type is null;
alter table public.agents
  alter column provider_type set default 'retell',
  alter column provider_type set not null;

create table if not exists public.retell_call_sessions (id uuid primary key default gen_random_uuid());

alter table public.retell_call_sessions
  add column if not exists call_id text,
  add column if not exists agent_id uuid,
  add column if not exists retell_agent_id text,
  add column if not exists agent_version integer,
  add column if not exists direction text,
  add column if not exists from_number text,
  add column if not exists to_number text,
  add column if not exists call_type text,
  add column if not exists call_status text,
  add column if not exists start_timestamp timestamptz,
  add column if not exists end_timestamp timestamptz,
  add column if not exists duration_ms bigint,
  add column if not exists disconnection_reason text,
  add column if not exists transcript text,
  add column if not exists transcript_object jsonb,
  add column if not exists recording_url text,
  add column if not exists call_summary text,
  add column if not exists user_sentiment text,
  add column if not exists call_successful boolean,
  add column if not exists in_voicemail boolean,
  add column if not exists custom_analysis_data jsonb,
  add column if not exists call_analysis jsonb,
  add column if not exists cost numeric,
  add column if not exists call_cost jsonb,
  add column if not exists metadata jsonb,
  add column if not exists dynamic_variables jsonb,
  add column if not exists collected_dynamic_variables jsonb,
  add column if not exists last_event text,
  add column if not exists event_timestamps jsonb not null default '{}'::jsonb,
  add column if not exists field_sources jsonb not null default '{}'::jsonb,
  add column if not exists created_at timestamptz not null default now(),
  add column if not exists updated_at timestamptz not null default now();

alter table public.retell_call_sessions alter column call_id set not null;
-- ON CONFLICT (call_id) and the leads foreign key both need this unique index.
create unique index if not exists retell_call_sessions_call_id_key on public.retell_call_sessions (call_id);

create table if not exists public.leads (id uuid primary key default gen_random_uuid());

alter table public.leads
  add column if not exists call_id text,
  add column if not exists session_id uuid,
  add column if not exists agent_id uuid,
  add column if not exists retell_agent_id text,
  add column if not exists phone text,
  add column if not exists name text,
  add column if not exists email text,
  add column if not exists interest text,
  add column if not exists appointment_time timestamptz,
  add column if not exists notes text,
  add column if not exists source text not null default 'retell',
  add column if not exists custom_data jsonb,
  add column if not exists created_at timestamptz not null default now(),
  add column if not exists updated_at timestamptz not null default now();

create unique index if not exists leads_call_id_key on public.leads (call_id);
create unique index if not exists agents_retell_agent_id_key on public.agents (retell_agent_id);

-- ADD CONSTRAINT has no IF NOT EXISTS; a constraint an older schema created under the same name is kept.
do $$
declare
  c record;
begin
  for c in
    select * from (values
      ('public.agents', 'agents_provider_type_check',
        'check (provider_type in (''retell'', ''twilio'', ''vapi''))'),
      ('public.retell_call_sessions', 'retell_call_sessions_agent_id_fkey',
        'foreign key (agent_id) references public.agents (id) on delete set null'),
      ('public.leads', 'leads_call_id_fkey',
        'foreign key (call_id) references public.retell_call_sessions (call_id) on delete set null'),
      ('public.leads', 'leads_session_id_fkey',
        'foreign key (session_id) references public.retell_call_sessions (id) on delete set null'),
      ('public.leads', 'leads_agent_id_fkey',
        'foreign key (agent_id) references public.agents (id) on delete set null')
    ) as t (tbl, name, def)
  loop
    if not exists (
      select 1 from pg_catalog.pg_constraint
      where conrelid = c.tbl::regclass and conname = c.name
    ) then
      execute format('alter table %s add constraint %I %s', c.tbl, c.name, c.def);
    end if;
  end loop;
end
$$;

create index if not exists agents_owner_id_idx on public.agents (owner_id);
create index if not exists retell_call_sessions_retell_agent_id_idx on public.retell_call_sessions (retell_agent_id);
create index if not exists retell_call_sessions_agent_id_idx on public.retell_call_sessions (agent_id);
create index if not exists retell_call_sessions_call_status_idx on public.retell_call_sessions (call_status);
create index if not exists retell_call_sessions_start_timestamp_idx on public.retell_call_sessions (start_timestamp desc);
create index if not exists leads_agent_id_idx on public.leads (agent_id);
create index if not exists leads_session_id_idx on public.leads (session_id);


-- ---------------------------------------------------------------------------------------------------
-- Triggers
-- ---------------------------------------------------------------------------------------------------

create or replace trigger agents_set_updated_at
  before update on public.agents
  for each row execute function public.retell_set_updated_at();

create or replace trigger retell_call_sessions_set_updated_at
  before update on public.retell_call_sessions
  for each row execute function public.retell_set_updated_at();

create or replace trigger leads_set_updated_at
  before update on public.leads
  for each row execute function public.retell_set_updated_at();

-- Leads are created from a call id alone; the session already knows the agent and the caller.
create or replace function public.retell_leads_fill_from_session()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  s record;
begin
  if new.call_id is not null then
    select id, agent_id, retell_agent_id, direction, from_number, to_number
      into s
      from public.retell_call_sessions
     where call_id = new.call_id;
    if found then
      new.session_id := coalesce(new.session_id, s.id);
      new.agent_id := coalesce(new.agent_id, s.agent_id);
      new.retell_agent_id := coalesce(new.retell_agent_id, s.retell_agent_id);
      new.phone := coalesce(new.phone, case s.direction
        when 'inbound' then s.from_number
        when 'outbound' then s.to_number
      end);
    end if;
  end if;
  if new.agent_id is null and new.retell_agent_id is not null then
    select id into new.agent_id from public.agents where retell_agent_id = new.retell_agent_id;
  end if;
  return new;
end
$$;

create or replace trigger leads_fill_from_session
  before insert or update of call_id on public.leads
  for each row execute function public.retell_leads_fill_from_session();

-- Calls logged before their agent row existed get linked once it appears. Rows are locked in
-- call_id order, the same order the merge function uses, so the two cannot deadlock each other.
create or replace function public.retell_agents_link_calls()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update public.retell_call_sessions
     set agent_id = new.id
   where id in (
     select id from public.retell_call_sessions
      where retell_agent_id = new.retell_agent_id and agent_id is null
      order by call_id collate "C"
      for update
   );
  update public.leads
     set agent_id = new.id
   where id in (
     select id from public.leads
      where retell_agent_id = new.retell_agent_id and agent_id is null
      order by id
      for update
   );
  return null;
end
$$;

create or replace trigger agents_link_retell_calls
  after insert or update of retell_agent_id on public.agents
  for each row
  when (new.retell_agent_id is not null)
  execute function public.retell_agents_link_calls();


-- ---------------------------------------------------------------------------------------------------
-- Merge
-- ---------------------------------------------------------------------------------------------------

-- Pure merge of one mapped row into the stored row (p_cur is null for a new call).
create or replace function public.retell_merge_session_row(
  p_cur public.retell_call_sessions,
  p_in public.retell_call_sessions,
  p_event text,
  p_record_event boolean,
  p_received_at timestamptz
)
returns public.retell_call_sessions
language plpgsql
stable
set search_path = ''
as $$
declare
  r public.retell_call_sessions := p_cur;
  s jsonb := coalesce(p_cur.field_sources, '{}'::jsonb);
  e text := p_event;
  v_received text;
  -- Columns this event wins, added to field_sources at the end: each || sorts the object's keys anew.
  v_won text[] := '{}';
begin
  if p_cur.call_id is null then
    r.call_id := p_in.call_id;
  end if;
  r.event_timestamps := coalesce(r.event_timestamps, '{}'::jsonb);

  if public.retell_prefer(p_in.agent_id, r.agent_id, 'agent_id', e, s) then
    r.agent_id := p_in.agent_id; v_won := array_append(v_won, 'agent_id');
  end if;
  if public.retell_prefer_text(p_in.retell_agent_id, r.retell_agent_id, 'retell_agent_id', e, s) then
    r.retell_agent_id := p_in.retell_agent_id; v_won := array_append(v_won, 'retell_agent_id');
  end if;
  if public.retell_prefer(p_in.agent_version, r.agent_version, 'agent_version', e, s) then
    r.agent_version := p_in.agent_version; v_won := array_append(v_won, 'agent_version');
  end if;
  if public.retell_prefer_text(p_in.direction, r.direction, 'direction', e, s) then
    r.direction := p_in.direction; v_won := array_append(v_won, 'direction');
  end if;
  if public.retell_prefer_text(p_in.from_number, r.from_number, 'from_number', e, s) then
    r.from_number := p_in.from_number; v_won := array_append(v_won, 'from_number');
  end if;
  if public.retell_prefer_text(p_in.to_number, r.to_number, 'to_number', e, s) then
    r.to_number := p_in.to_number; v_won := array_append(v_won, 'to_number');
  end if;
  if public.retell_prefer_text(p_in.call_type, r.call_type, 'call_type', e, s) then
    r.call_type := p_in.call_type; v_won := array_append(v_won, 'call_type');
  end if;
  if public.retell_prefer(p_in.start_timestamp, r.start_timestamp, 'start_timestamp', e, s) then
    r.start_timestamp := p_in.start_timestamp; v_won := array_append(v_won, 'start_timestamp');
  end if;
  if public.retell_prefer(p_in.end_timestamp, r.end_timestamp, 'end_timestamp', e, s) then
    r.end_timestamp := p_in.end_timestamp; v_won := array_append(v_won, 'end_timestamp');
  end if;
  if public.retell_prefer(p_in.duration_ms, r.duration_ms, 'duration_ms', e, s) then
    r.duration_ms := p_in.duration_ms; v_won := array_append(v_won, 'duration_ms');
  end if;
  if public.retell_prefer_text(p_in.disconnection_reason, r.disconnection_reason, 'disconnection_reason', e, s) then
    r.disconnection_reason := p_in.disconnection_reason; v_won := array_append(v_won, 'disconnection_reason');
  end if;
  if public.retell_prefer_text(p_in.transcript, r.transcript, 'transcript', e, s) then
    r.transcript := p_in.transcript; v_won := array_append(v_won, 'transcript');
  end if;
  if public.retell_prefer(p_in.transcript_object, r.transcript_object, 'transcript_object', e, s) then
    r.transcript_object := p_in.transcript_object; v_won := array_append(v_won, 'transcript_object');
  end if;
  if public.retell_prefer_text(p_in.recording_url, r.recording_url, 'recording_url', e, s) then
    r.recording_url := p_in.recording_url; v_won := array_append(v_won, 'recording_url');
  end if;
  if public.retell_prefer_text(p_in.call_summary, r.call_summary, 'call_summary', e, s) then
    r.call_summary := p_in.call_summary; v_won := array_append(v_won, 'call_summary');
  end if;
  if public.retell_prefer_text(p_in.user_sentiment, r.user_sentiment, 'user_sentiment', e, s) then
    r.user_sentiment := p_in.user_sentiment; v_won := array_append(v_won, 'user_sentiment');
  end if;
  if public.retell_prefer(p_in.call_successful, r.call_successful, 'call_successful', e, s) then
    r.call_successful := p_in.call_successful; v_won := array_append(v_won, 'call_successful');
  end if;
  if public.retell_prefer(p_in.in_voicemail, r.in_voicemail, 'in_voicemail', e, s) then
    r.in_voicemail := p_in.in_voicemail; v_won := array_append(v_won, 'in_voicemail');
  end if;
  if public.retell_prefer(p_in.custom_analysis_data, r.custom_analysis_data, 'custom_analysis_data', e, s) then
    r.custom_analysis_data := p_in.custom_analysis_data; v_won := array_append(v_won, 'custom_analysis_data');
  end if;
  if public.retell_prefer(p_in.call_analysis, r.call_analysis, 'call_analysis', e, s) then
    r.call_analysis := p_in.call_analysis; v_won := array_append(v_won, 'call_analysis');
  end if;
  if public.retell_prefer(p_in.cost, r.cost, 'cost', e, s) then
    r.cost := p_in.cost; v_won := array_append(v_won, 'cost');
  end if;
  if public.retell_prefer(p_in.call_cost, r.call_cost, 'call_cost', e, s) then
    r.call_cost := p_in.call_cost; v_won := array_append(v_won, 'call_cost');
  end if;
  if public.retell_prefer(p_in.metadata, r.metadata, 'metadata', e, s) then
    r.metadata := p_in.metadata; v_won := array_append(v_won, 'metadata');
  end if;
  if public.retell_prefer(p_in.dynamic_variables, r.dynamic_variables, 'dynamic_variables', e, s) then
    r.dynamic_variables := p_in.dynamic_variables; v_won := array_append(v_won, 'dynamic_variables');
  end if;
  if public.retell_prefer(p_in.collected_dynamic_variables, r.collected_dynamic_variables, 'collected_dynamic_variables', e, s) then
    r.collected_dynamic_variables := p_in.collected_dynamic_variables; v_won := array_append(v_won, 'collected_dynamic_variables');
  end if;
  r.field_sources := s || jsonb_object(v_won, array_fill(e, array[cardinality(v_won)]));

  if p_in.call_status is not null and (
    r.call_status is null
    or (public.retell_call_status_rank(p_in.call_status), p_in.call_status collate "C")
       > (public.retell_call_status_rank(r.call_status), r.call_status collate "C")
  ) then
    r.call_status := p_in.call_status;
  end if;

  if p_record_event and e is not null then
    -- Fixed-width UTC text, so the earliest receipt is also the smallest string.
    v_received := to_char(p_received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    if not (r.event_timestamps ? e) or (r.event_timestamps ->> e) collate "C" > v_received collate "C" then
      r.event_timestamps := r.event_timestamps || jsonb_build_object(e, v_received);
      -- A new or earlier receipt of e can only make e the last event, unless e already was: then
      -- another event may now be later, so look at all of them.
      if r.last_event is not null and r.last_event <> e then
        if (public.retell_event_tier(e), v_received collate "C", e collate "C")
           > (public.retell_event_tier(r.last_event), (r.event_timestamps ->> r.last_event) collate "C",
              r.last_event collate "C") then
          r.last_event := e;
        end if;
      else
        select t.k into r.last_event
          from jsonb_each_text(r.event_timestamps) as t (k, v)
         order by public.retell_event_tier(t.k) desc, t.v collate "C" desc, t.k collate "C" desc
         limit 1;
      end if;
    end if;
  end if;

  return r;
end
$$;

-- Locks the rows of the given calls in call_id order, creating the missing ones with the table's
-- defaults, and returns the call_ids it created. ON CONFLICT waits for a transaction that is creating
-- the same call and then locks its row; WHERE false makes DO UPDATE lock without writing.
create or replace function public.retell_lock_call_sessions(p_call_ids text[])
returns setof text
language sql
volatile
set search_path = ''
as $$
  insert into public.retell_call_sessions as s (call_id)
  select c from unnest(p_call_ids) as c order by c collate "C"
  on conflict (call_id) do update set call_id = excluded.call_id where false
  returning s.call_id
$$;

-- Writes merged rows back by id; the caller holds their locks.
create or replace function public.retell_update_call_sessions(p_rows public.retell_call_sessions[])
returns void
language sql
volatile
set search_path = ''
as $$
  update public.retell_call_sessions as s
     set (agent_id, retell_agent_id, agent_version, direction, from_number, to_number, call_type, call_status,
          start_timestamp, end_timestamp, duration_ms, disconnection_reason, transcript, transcript_object,
          recording_url, call_summary, user_sentiment, call_successful, in_voicemail, custom_analysis_data,
          call_analysis, cost, call_cost, metadata, dynamic_variables, collected_dynamic_variables, last_event,
          event_timestamps, field_sources, updated_at)
       = (r.agent_id, r.retell_agent_id, r.agent_version, r.direction, r.from_number, r.to_number, r.call_type,
          r.call_status, r.start_timestamp, r.end_timestamp, r.duration_ms, r.disconnection_reason, r.transcript,
          r.transcript_object, r.recording_url, r.call_summary, r.user_sentiment, r.call_successful,
          r.in_voicemail, r.custom_analysis_data, r.call_analysis, r.cost, r.call_cost, r.metadata,
          r.dynamic_variables, r.collected_dynamic_variables, r.last_event, r.event_timestamps, r.field_sources,
          now())
    from unnest(p_rows) as r
   where s.id = r.id
$$;

-- Earlier versions returned jsonb, which CREATE OR REPLACE cannot change. The report is json because
-- building a large jsonb array re-encodes every stored row it contains (about a third of the run time).
do $$
begin
  if (select p.prorettype = 'pg_catalog.jsonb'::regtype
        from pg_catalog.pg_proc p
       where p.oid = to_regprocedure('public.retell_merge_call_sessions(jsonb, boolean)')) then
    drop function public.retell_merge_call_sessions(jsonb, boolean);
  end if;
end
$$;

-- Merges many mapped rows in one call. Input: a JSON array (or one object) of call-session column
-- objects, each with call_id and optionally "event" (the Retell webhook event) and "received_at"
-- (ISO time or epoch ms; default now()). start_timestamp / end_timestamp may be epoch milliseconds.
-- Output: a JSON array in input order of
--   { item_index, call_id, action: inserted | updated | unchanged | error, first_delivery, session?, error?: {code, message} }
-- first_delivery: true for the one item that first brought its event for its call (Retell's own key for
-- duplicate deliveries, event + call_id), false for every later delivery of it, null for items without an
-- event. Rows are locked, so concurrent deliveries of one event still see exactly one true.
-- Each call's row is locked, read and written once per batch, with the call's items merged into it in
-- input order. An item's action compares the row before and after that item ('inserted': the item
-- that created the row); session is the row as stored at the end, the same for all items of a call.
-- A bad item is reported as an error and does not stop the others; when a call's row cannot be
-- written, each item of that call reports the error.
create or replace function public.retell_merge_call_sessions(p_rows jsonb, p_return_rows boolean default true)
returns json
language plpgsql
volatile
set search_path = ''
as $$
declare
  c_allowed constant text[] := array[
    'call_id', 'agent_id', 'retell_agent_id', 'agent_version', 'direction', 'from_number', 'to_number',
    'call_type', 'call_status', 'start_timestamp', 'end_timestamp', 'duration_ms', 'disconnection_reason',
    'transcript', 'transcript_object', 'recording_url', 'call_summary', 'user_sentiment', 'call_successful',
    'in_voicemail', 'custom_analysis_data', 'call_analysis', 'cost', 'call_cost', 'metadata',
    'dynamic_variables', 'collected_dynamic_variables', 'event', 'received_at'
  ];
  v_items jsonb;
  v_count integer;
  v_item record;
  v_obj jsonb;
  v_key text;
  v_in public.retell_call_sessions;
  -- Per item, indexed by position (item_index + 1). call_ids[i] is null when item i is invalid, and
  -- reports[i] then holds its error entry.
  v_call_ids text[];
  v_ins public.retell_call_sessions[];
  v_events text[];
  v_record_events boolean[];
  v_received timestamptz[];
  v_actions text[];
  v_first boolean[];
  v_reports json[];
  -- Per call.
  v_calls text[];
  v_call_id text;
  v_created text[] := '{}';
  v_call_errors jsonb := '{}';
  v_changed public.retell_call_sessions[] := '{}';
  v_call record;
  v_pos integer;
  v_row public.retell_call_sessions;
  v_prev public.retell_call_sessions;
  v_agent_key text;
  v_agent uuid;
begin
  v_items := case jsonb_typeof(p_rows)
    when 'array' then p_rows
    when 'object' then jsonb_build_array(p_rows)
  end;
  if v_items is null then
    raise exception 'p_rows must be a JSON array of call-session rows'
      using errcode = '22023';
  end if;
  v_count := jsonb_array_length(v_items);
  v_call_ids := array_fill(null::text, array[v_count]);
  v_ins := array_fill(null::public.retell_call_sessions, array[v_count]);
  v_events := array_fill(null::text, array[v_count]);
  v_record_events := array_fill(null::boolean, array[v_count]);
  v_received := array_fill(null::timestamptz, array[v_count]);
  v_actions := array_fill(null::text, array[v_count]);
  v_first := array_fill(null::boolean, array[v_count]);
  v_reports := array_fill(null::json, array[v_count]);

  -- Validate and map every item; JSON null counts as absent.
  for v_item in
    select el.value as obj, el.ordinality::integer as pos
      from jsonb_array_elements(v_items) with ordinality as el (value, ordinality)
  loop
    begin
      v_obj := v_item.obj;
      if jsonb_typeof(v_obj) is distinct from 'object' then
        raise exception 'item % is not a JSON object', v_item.pos - 1 using errcode = '22023';
      end if;
      if jsonb_strip_nulls(v_obj - c_allowed) <> '{}' then
        raise exception 'unknown call-session column(s): %',
          (select string_agg(k, ', ' order by k) from jsonb_object_keys(jsonb_strip_nulls(v_obj - c_allowed)) as k)
          using errcode = '22023',
                hint = 'Send mapped retell_call_sessions columns plus "event" and "received_at".';
      end if;
      if jsonb_typeof(v_obj -> 'call_id') is distinct from 'string' or v_obj ->> 'call_id' = '' then
        raise exception 'call_id must be a non-empty string' using errcode = '22023';
      end if;
      if jsonb_typeof(v_obj -> 'event') not in ('string', 'null') then
        raise exception 'event must be a string' using errcode = '22023';
      end if;

      -- Retell sends times as epoch milliseconds.
      foreach v_key in array array['start_timestamp', 'end_timestamp', 'received_at'] loop
        if jsonb_typeof(v_obj -> v_key) = 'number' then
          v_obj := v_obj || jsonb_build_object(v_key, to_timestamp((v_obj ->> v_key)::numeric / 1000));
        end if;
      end loop;

      v_in := jsonb_populate_record(null::public.retell_call_sessions, v_obj);
      v_received[v_item.pos] := coalesce((v_obj ->> 'received_at')::timestamptz, now());
      v_record_events[v_item.pos] := v_obj ->> 'event' is not null;
      v_events[v_item.pos] := case
        when v_obj ->> 'event' is not null then v_obj ->> 'event'
        when v_in.call_analysis is not null or v_in.call_summary is not null or v_in.user_sentiment is not null
          or v_in.call_successful is not null or v_in.in_voicemail is not null
          or v_in.custom_analysis_data is not null then 'call_analyzed'
        when v_in.call_status in ('ended', 'error', 'not_connected') then 'call_ended'
        else 'call_started'
      end;
      v_ins[v_item.pos] := v_in;
      v_call_ids[v_item.pos] := v_in.call_id;
    exception when others then
      v_reports[v_item.pos] := json_build_object(
        'item_index', v_item.pos - 1,
        'call_id', case when jsonb_typeof(v_item.obj) = 'object' then v_item.obj -> 'call_id' end,
        'action', 'error',
        'error', json_build_object('code', sqlstate, 'message', sqlerrm)
      );
    end;
  end loop;

  -- Lock every call's row, in call_id order so that concurrent batches cannot deadlock. If that fails
  -- (e.g. the table refuses a new row), go call by call so that only the failing calls report it.
  v_calls := array(
    select t.c from unnest(v_call_ids) as t (c) where t.c is not null group by t.c order by t.c collate "C");
  begin
    v_created := array(select public.retell_lock_call_sessions(v_calls));
  exception when others then
    foreach v_call_id in array v_calls loop
      begin
        v_created := v_created || array(select public.retell_lock_call_sessions(array[v_call_id]));
      exception when others then
        v_call_errors := v_call_errors
          || jsonb_build_object(v_call_id, jsonb_build_object('code', sqlstate, 'message', sqlerrm));
      end;
    end loop;
  end;

  -- Merge each call's items into its row in memory.
  for v_call in
    select s as stored, g.positions, c.call_id is not null as created
      from (select t.call_id, array_agg(t.pos order by t.pos) as positions
              from unnest(v_call_ids) with ordinality as t (call_id, pos)
             where t.call_id is not null and not v_call_errors ? t.call_id
             group by t.call_id) as g
      join public.retell_call_sessions as s on s.call_id = g.call_id
      left join unnest(v_created) as c (call_id) on c.call_id = g.call_id
  loop
    begin
      v_row := v_call.stored;
      foreach v_pos in array v_call.positions loop
        v_prev := v_row;
        if v_record_events[v_pos] then
          v_first[v_pos] := not coalesce(v_prev.event_timestamps ? v_events[v_pos], false);
        end if;
        v_row := public.retell_merge_session_row(
          v_row, v_ins[v_pos], v_events[v_pos], v_record_events[v_pos], v_received[v_pos]);
        if v_row.retell_agent_id is not null then
          -- The calls of a batch nearly always share one agent.
          if v_row.retell_agent_id is distinct from v_agent_key then
            v_agent_key := v_row.retell_agent_id;
            v_agent := (select a.id from public.agents as a where a.retell_agent_id = v_agent_key);
          end if;
          if v_agent is not null then
            v_row.agent_id := v_agent;
          end if;
        end if;
        v_actions[v_pos] := case
          when v_call.created and v_pos = v_call.positions[1] then 'inserted'
          when v_row is distinct from v_prev then 'updated'
          else 'unchanged'
        end;
      end loop;
      if v_row is distinct from v_call.stored then
        -- Appending to a plpgsql array is amortised O(1).
        v_changed := v_changed || v_row;
      end if;
    exception when others then
      v_call_errors := v_call_errors
        || jsonb_build_object((v_call.stored).call_id, jsonb_build_object('code', sqlstate, 'message', sqlerrm));
    end;
  end loop;

  -- Write all changed rows at once; if the table refuses one (a constraint, a trigger), write them one
  -- by one so that only the refused calls report the error.
  begin
    perform public.retell_update_call_sessions(v_changed);
  exception when others then
    foreach v_row in array v_changed loop
      begin
        perform public.retell_update_call_sessions(array[v_row]);
      exception when others then
        v_call_errors := v_call_errors
          || jsonb_build_object(v_row.call_id, jsonb_build_object('code', sqlstate, 'message', sqlerrm));
      end;
    end loop;
  end;
  -- A call that failed leaves no row behind.
  if v_call_errors <> '{}' then
    delete from public.retell_call_sessions where call_id = any (v_created) and v_call_errors ? call_id;
  end if;

  return (
    -- Materialized: each stored row is serialised once, however many items its call has.
    with stored as materialized (
      select s.call_id, to_json(s) as session
        from public.retell_call_sessions as s
       where p_return_rows and s.call_id = any (v_calls)
    )
    select coalesce(json_agg(coalesce(
             i.report,
             case
               when v_call_errors ? i.call_id then json_build_object(
                 'item_index', i.pos - 1, 'call_id', i.call_id, 'action', 'error', 'error', v_call_errors -> i.call_id)
               when p_return_rows then json_build_object(
                 'item_index', i.pos - 1, 'call_id', i.call_id, 'action', i.action, 'first_delivery', i.first,
                 'session', r.session)
               else json_build_object(
                 'item_index', i.pos - 1, 'call_id', i.call_id, 'action', i.action, 'first_delivery', i.first)
             end) order by i.pos), '[]'::json)
      from unnest(v_reports, v_call_ids, v_actions, v_first) with ordinality as i (report, call_id, action, first, pos)
      left join stored as r on r.call_id = i.call_id
  );
end
$$;


-- ---------------------------------------------------------------------------------------------------
-- Stats
-- ---------------------------------------------------------------------------------------------------
-- public.retell_agent_stats(p_from, p_to, p_group_by, p_retell_agent_ids, p_time_zone,
-- p_baseline_cost_per_minute_usd): calls, minutes, cost and outcomes of the logged sessions in a time range, one
-- row per group (Retell Supabase -> Agent -> Get Stats calls it through PostgREST RPC).
--
--   p_from, p_to      Half-open range [p_from, p_to), so back-to-back ranges never count a call twice; p_to null
--                     means now(). A call's time is its start_timestamp; calls that never started (not_connected,
--                     registered) have none, so end_timestamp and then created_at (first logged) stand in.
--   p_group_by        'total' (exactly one row, zeros when there are no calls), 'agent', 'day', 'agent_day',
--                     'provider_type' or 'provider_type_day'. Columns of the other groupings are null; groups
--                     without calls have no row.
--   p_retell_agent_ids  Only calls of these Retell agent IDs (the session's or its agents row's); null: every
--                     call; an empty array: none.
--   p_time_zone       IANA name: which calendar day a call falls on ("day"). Default 'UTC'.
--   p_baseline_cost_per_minute_usd  The old stack's price per minute to compare with. Default 0.16: the Twilio ->
--                     Retell seed's "Cost Comparison" (Twilio ~$0.0965/min + OpenAI Realtime ~$0.06/min, "~$0.16/min
--                     + infrastructure").
--
-- A call belongs to its agents row (agent_id): agent_name and provider_type come from it. A call without one
-- is grouped under the session's retell_agent_id, with agent_id, agent_name and provider_type null (Agent ->
-- Save links it); calls with neither form one group whose keys are all null.
--
-- Columns. Counts are bigint; minutes and money are numeric, each rounded (half away from zero) from exact sums:
--   calls                 every session in the range, whatever its status
--   connected_calls       call_status is not 'not_connected' and duration_ms > 0: an error call that talked counts,
--                         an error before pick-up does not; registered / ongoing calls have no duration yet
--   voicemail_calls       in_voicemail is true
--   minutes               duration of the connected calls, 2 decimals
--   cost_usd              sum of cost / 100, 4 decimals; 0 when no call has a cost
--   calls_without_cost    calls whose cost is null (not ended yet, or logged without call_cost)
--   minutes_with_cost     minutes of the connected calls that have a cost, 2 decimals
--   cost_per_minute_usd   cost_usd / minutes_with_cost, 4 decimals. Calls without a cost add neither cost nor
--                         minutes, so they cannot make the price look lower.
--   successful_calls, unsuccessful_calls  call_successful true / false; success_rate = successful / (successful +
--                         unsuccessful), 4 decimals (0 to 1), null when no call has a value
--   sentiment_positive, sentiment_negative, sentiment_neutral, sentiment_unknown  user_sentiment, any case;
--                         calls not analysed yet count in none
--   baseline_cost_per_minute_usd  p_baseline_cost_per_minute_usd
--   baseline_cost_usd     minutes_with_cost x baseline, 4 decimals: what those minutes cost on the old stack
--   saving_usd            baseline_cost_usd - cost_usd, 4 decimals (negative: Retell cost more)
--   saving_rate           1 - cost_per_minute_usd / baseline, 4 decimals (the seed expects about 0.40)
--   cost_per_minute_usd and the three comparison columns are null when minutes_with_cost is 0 (and saving_rate
--   also when the baseline is 0).
--
-- ⚠ Cost unit: cost holds Retell's call_cost.combined_cost, which Retell gives in cents ("Combined cost of all
-- individual costs in cents": retell-sdk resources/call.d.ts, CallResponse.call_cost; Retell's OpenAPI spec, the
-- same words). The function reads cost as cents in every row, those of twilio and vapi agents included: an app
-- that stored its legacy calls' cost in dollars shows them 100 times too cheap.
--
-- SECURITY INVOKER (the default): row-level security applies, so an authenticated user gets the stats of their
-- own agents only (calls without an agents row belong to nobody); the service role sees every call.

-- The range filter reads the same expression as the function.
create index if not exists retell_call_sessions_call_time_idx
  on public.retell_call_sessions ((coalesce(start_timestamp, end_timestamp, created_at)));

-- CREATE OR REPLACE cannot change a result type: a later version with other columns must drop this one first, as
-- the merge function's upgrade above does.
create or replace function public.retell_agent_stats(
  p_from timestamptz,
  p_to timestamptz default null,
  p_group_by text default 'agent',
  p_retell_agent_ids text[] default null,
  p_time_zone text default 'UTC',
  p_baseline_cost_per_minute_usd numeric default 0.16
)
returns table (
  day date,
  agent_id uuid,
  retell_agent_id text,
  agent_name text,
  provider_type text,
  calls bigint,
  connected_calls bigint,
  voicemail_calls bigint,
  minutes numeric,
  cost_usd numeric,
  calls_without_cost bigint,
  minutes_with_cost numeric,
  cost_per_minute_usd numeric,
  successful_calls bigint,
  unsuccessful_calls bigint,
  success_rate numeric,
  sentiment_positive bigint,
  sentiment_negative bigint,
  sentiment_neutral bigint,
  sentiment_unknown bigint,
  baseline_cost_per_minute_usd numeric,
  baseline_cost_usd numeric,
  saving_usd numeric,
  saving_rate numeric
)
language plpgsql
stable
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_to timestamptz := coalesce(p_to, now());
  v_time_zone text := coalesce(nullif(p_time_zone, ''), 'UTC');
  v_by_agent boolean := p_group_by in ('agent', 'agent_day');
  v_by_provider boolean := p_group_by in ('provider_type', 'provider_type_day');
  v_by_day boolean := p_group_by in ('day', 'agent_day', 'provider_type_day');
begin
  if p_from is null then
    raise exception 'p_from is required: the start of the time range' using errcode = '22023';
  end if;
  if p_from > v_to then
    raise exception 'the time range ends before it starts: p_from % is after p_to %', p_from, v_to
      using errcode = '22023';
  end if;
  if p_group_by is null or p_group_by not in ('total', 'agent', 'day', 'agent_day', 'provider_type', 'provider_type_day') then
    raise exception 'unknown p_group_by %', coalesce(quote_literal(p_group_by), 'null')
      using errcode = '22023',
            hint = 'Use total, agent, day, agent_day, provider_type or provider_type_day.';
  end if;
  if p_baseline_cost_per_minute_usd is null or p_baseline_cost_per_minute_usd < 0 then
    raise exception 'p_baseline_cost_per_minute_usd must be 0 or more' using errcode = '22023';
  end if;
  -- An unknown time zone fails here (22023), before any row is read.
  perform now() at time zone v_time_zone;

  return query
  with call_rows as (
    select
      case when v_by_day
        then (coalesce(s.start_timestamp, s.end_timestamp, s.created_at) at time zone v_time_zone)::date
      end as k_day,
      case when v_by_agent then a.id end as k_agent_id,
      case when v_by_agent then case when a.id is null then s.retell_agent_id else a.retell_agent_id end end
        as k_retell_agent_id,
      case when v_by_agent then a.name end as k_agent_name,
      case when v_by_agent or v_by_provider then a.provider_type end as k_provider_type,
      s.call_status is distinct from 'not_connected' and s.duration_ms > 0 as connected,
      s.duration_ms,
      s.cost,
      s.call_successful,
      lower(s.user_sentiment) as sentiment,
      s.in_voicemail
    from public.retell_call_sessions as s
    left join public.agents as a on a.id = s.agent_id
    where coalesce(s.start_timestamp, s.end_timestamp, s.created_at) >= p_from
      and coalesce(s.start_timestamp, s.end_timestamp, s.created_at) < v_to
      and (p_retell_agent_ids is null
           or s.retell_agent_id = any (p_retell_agent_ids)
           or a.retell_agent_id = any (p_retell_agent_ids))
  ),
  sums as (
    select
      c.k_day, c.k_agent_id, c.k_retell_agent_id, c.k_agent_name, c.k_provider_type,
      count(*) as calls,
      count(*) filter (where c.connected) as connected_calls,
      count(*) filter (where c.in_voicemail) as voicemail_calls,
      coalesce(sum(c.duration_ms) filter (where c.connected), 0)::numeric as ms,
      coalesce(sum(c.cost), 0) as cost_cents,
      count(*) filter (where c.cost is null) as calls_without_cost,
      coalesce(sum(c.duration_ms) filter (where c.connected and c.cost is not null), 0)::numeric as ms_with_cost,
      count(*) filter (where c.call_successful) as successful_calls,
      count(*) filter (where not c.call_successful) as unsuccessful_calls,
      count(*) filter (where c.sentiment = 'positive') as sentiment_positive,
      count(*) filter (where c.sentiment = 'negative') as sentiment_negative,
      count(*) filter (where c.sentiment = 'neutral') as sentiment_neutral,
      count(*) filter (where c.sentiment = 'unknown') as sentiment_unknown
    from call_rows as c
    -- The empty grouping set gives 'total' its one row even without calls; the other groupings keep only the
    -- rows of their keys (the keys they do not use are constant nulls).
    group by grouping sets ((c.k_day, c.k_agent_id, c.k_retell_agent_id, c.k_agent_name, c.k_provider_type), ())
    having (grouping(c.k_day, c.k_agent_id, c.k_retell_agent_id, c.k_agent_name, c.k_provider_type) <> 0)
         = (p_group_by = 'total')
  )
  select
    t.k_day,
    t.k_agent_id,
    t.k_retell_agent_id,
    t.k_agent_name,
    t.k_provider_type,
    t.calls,
    t.connected_calls,
    t.voicemail_calls,
    round(t.ms / 60000, 2),
    round(t.cost_cents / 100, 4),
    t.calls_without_cost,
    round(t.ms_with_cost / 60000, 2),
    case when t.ms_with_cost > 0 then round((t.cost_cents / 100) / (t.ms_with_cost / 60000), 4) end,
    t.successful_calls,
    t.unsuccessful_calls,
    case when t.successful_calls + t.unsuccessful_calls > 0
      then round(t.successful_calls::numeric / (t.successful_calls + t.unsuccessful_calls), 4)
    end,
    t.sentiment_positive,
    t.sentiment_negative,
    t.sentiment_neutral,
    t.sentiment_unknown,
    p_baseline_cost_per_minute_usd,
    case when t.ms_with_cost > 0 then round(t.ms_with_cost / 60000 * p_baseline_cost_per_minute_usd, 4) end,
    case when t.ms_with_cost > 0
      then round(t.ms_with_cost / 60000 * p_baseline_cost_per_minute_usd - t.cost_cents / 100, 4)
    end,
    case when t.ms_with_cost > 0 and p_baseline_cost_per_minute_usd > 0
      then round(1 - (t.cost_cents / 100) / (t.ms_with_cost / 60000) / p_baseline_cost_per_minute_usd, 4)
    end
  from sums as t
  order by t.k_day nulls first, t.k_provider_type nulls last, t.k_agent_name nulls last,
           t.k_retell_agent_id nulls last, t.k_agent_id nulls last;
end
$$;


-- ---------------------------------------------------------------------------------------------------
-- Row-level security and privileges
-- ---------------------------------------------------------------------------------------------------

alter table public.agents enable row level security;
alter table public.retell_call_sessions enable row level security;
alter table public.leads enable row level security;

-- Supabase's default privileges hand everything in public to anon and authenticated.
revoke all on table public.agents, public.retell_call_sessions, public.leads from anon, authenticated;
grant select on table public.agents, public.retell_call_sessions, public.leads to authenticated;
grant all on table public.agents, public.retell_call_sessions, public.leads to service_role;

drop policy if exists retell_agents_owner_read on public.agents;
create policy retell_agents_owner_read on public.agents
  for select to authenticated
  using (owner_id = (select auth.uid()));

drop policy if exists retell_call_sessions_owner_read on public.retell_call_sessions;
create policy retell_call_sessions_owner_read on public.retell_call_sessions
  for select to authenticated
  using (agent_id in (select a.id from public.agents a where a.owner_id = (select auth.uid())));

drop policy if exists retell_leads_owner_read on public.leads;
create policy retell_leads_owner_read on public.leads
  for select to authenticated
  using (agent_id in (select a.id from public.agents a where a.owner_id = (select auth.uid())));

revoke all on function
  public.retell_set_updated_at(),
  public.retell_call_status_rank(text),
  public.retell_event_tier(text),
  public.retell_prefer(anyelement, anyelement, text, text, jsonb),
  public.retell_prefer_text(text, text, text, text, jsonb),
  public.retell_leads_fill_from_session(),
  public.retell_agents_link_calls(),
  public.retell_merge_session_row(public.retell_call_sessions, public.retell_call_sessions, text, boolean, timestamptz),
  public.retell_lock_call_sessions(text[]),
  public.retell_update_call_sessions(public.retell_call_sessions[]),
  public.retell_merge_call_sessions(jsonb, boolean),
  public.retell_agent_stats(timestamptz, timestamptz, text, text[], text, numeric)
  from public, anon, authenticated;
grant execute on function
  public.retell_set_updated_at(),
  public.retell_call_status_rank(text),
  public.retell_event_tier(text),
  public.retell_prefer(anyelement, anyelement, text, text, jsonb),
  public.retell_prefer_text(text, text, text, text, jsonb),
  public.retell_leads_fill_from_session(),
  public.retell_agents_link_calls(),
  public.retell_merge_session_row(public.retell_call_sessions, public.retell_call_sessions, text, boolean, timestamptz),
  public.retell_lock_call_sessions(text[]),
  public.retell_update_call_sessions(public.retell_call_sessions[]),
  public.retell_merge_call_sessions(jsonb, boolean),
  public.retell_agent_stats(timestamptz, timestamptz, text, text[], text, numeric)
  to service_role;
-- Read-only and SECURITY INVOKER: row-level security limits a signed-in user to their own agents' calls.
grant execute on function public.retell_agent_stats(timestamptz, timestamptz, text, text[], text, numeric)
  to authenticated;

-- PostgREST caches the schema; without this the new tables and the function answer 404 until a restart.
notify pgrst, 'reload schema';
