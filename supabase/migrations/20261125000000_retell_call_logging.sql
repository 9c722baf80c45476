-- n8n-nodes-retell: Supabase schema for Retell call logging.
--
-- Creates (or upgrades in place) the tables the Retell Supabase node writes:
--   agents                  Retell columns added to the app's agents table (retell_agent_id, provider_type, ...)
--   retell_call_sessions    one row per Retell call_id, merged from webhooks / call objects
--   leads                   at most one lead per call
-- plus public.retell_merge_call_sessions(p_rows jsonb), the order-independent merge the node calls
-- through PostgREST RPC, triggers, row-level security, grants and indexes.
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
-- the same row; rows are locked (SELECT ... FOR UPDATE, items sorted by call_id) so concurrent merges of
-- one call serialise instead of overwriting each other.
--
-- Row-level security: service_role (BYPASSRLS) reads and writes everything; anon has no privileges at all;
-- authenticated users may only SELECT, and only their own agents (agents.owner_id = auth.uid(), which
-- defaults to the inserting user) and the sessions / leads of those agents.
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

create or replace function public.retell_event_tier(p_event text)
returns integer
language sql
immutable
as $$
  select case
    when p_event = 'call_started' then 1
    when p_event in ('transcript_updated', 'transfer_started', 'transfer_bridged', 'transfer_cancelled', 'transfer_ended') then 2
    when p_event = 'call_ended' then 3
    when p_event = 'call_analyzed' then 4
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
    when public.retell_event_tier(p_event) <> public.retell_event_tier(p_sources ->> p_col)
      then public.retell_event_tier(p_event) > public.retell_event_tier(p_sources ->> p_col)
    when p_in <> p_cur then p_in > p_cur
    else p_event collate "C" > coalesce(p_sources ->> p_col, '') collate "C"
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
    when public.retell_event_tier(p_event) <> public.retell_event_tier(p_sources ->> p_col)
      then public.retell_event_tier(p_event) > public.retell_event_tier(p_sources ->> p_col)
    when p_in <> p_cur then (length(p_in), p_in collate "C") > (length(p_cur), p_cur collate "C")
    else p_event collate "C" > coalesce(p_sources ->> p_col, '') collate "C"
  end
$$;


-- ---------------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------------

create table if not exists public.agents (
  id uuid primary key default gen_random_uuid(),
  name text,
  description text,
  voice_id text,
  prompt text,
  phone_number text,
  retell_agent_id text,
  retell_phone_number_id text,
  provider_type text not null default 'retell',
  owner_id uuid default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

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

create table if not exists public.retell_call_sessions (
  id uuid primary key default gen_random_uuid(),
  call_id text not null,
  agent_id uuid,
  retell_agent_id text,
  agent_version integer,
  direction text,
  from_number text,
  to_number text,
  call_type text,
  call_status text,
  start_timestamp timestamptz,
  end_timestamp timestamptz,
  duration_ms bigint,
  disconnection_reason text,
  transcript text,
  transcript_object jsonb,
  recording_url text,
  call_summary text,
  user_sentiment text,
  call_successful boolean,
  in_voicemail boolean,
  custom_analysis_data jsonb,
  call_analysis jsonb,
  cost numeric,
  call_cost jsonb,
  metadata jsonb,
  dynamic_variables jsonb,
  collected_dynamic_variables jsonb,
  last_event text,
  event_timestamps jsonb not null default '{}'::jsonb,
  field_sources jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

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

create table if not exists public.leads (
  id uuid primary key default gen_random_uuid(),
  call_id text,
  session_id uuid,
  agent_id uuid,
  retell_agent_id text,
  phone text,
  name text,
  email text,
  notes text,
  source text not null default 'retell',
  custom_data jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

alter table public.leads
  add column if not exists call_id text,
  add column if not exists session_id uuid,
  add column if not exists agent_id uuid,
  add column if not exists retell_agent_id text,
  add column if not exists phone text,
  add column if not exists name text,
  add column if not exists email text,
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
begin
  if p_cur.call_id is null then
    r.call_id := p_in.call_id;
  end if;
  r.event_timestamps := coalesce(r.event_timestamps, '{}'::jsonb);

  if public.retell_prefer(p_in.agent_id, r.agent_id, 'agent_id', e, s) then
    r.agent_id := p_in.agent_id; s := s || jsonb_build_object('agent_id', e);
  end if;
  if public.retell_prefer_text(p_in.retell_agent_id, r.retell_agent_id, 'retell_agent_id', e, s) then
    r.retell_agent_id := p_in.retell_agent_id; s := s || jsonb_build_object('retell_agent_id', e);
  end if;
  if public.retell_prefer(p_in.agent_version, r.agent_version, 'agent_version', e, s) then
    r.agent_version := p_in.agent_version; s := s || jsonb_build_object('agent_version', e);
  end if;
  if public.retell_prefer_text(p_in.direction, r.direction, 'direction', e, s) then
    r.direction := p_in.direction; s := s || jsonb_build_object('direction', e);
  end if;
  if public.retell_prefer_text(p_in.from_number, r.from_number, 'from_number', e, s) then
    r.from_number := p_in.from_number; s := s || jsonb_build_object('from_number', e);
  end if;
  if public.retell_prefer_text(p_in.to_number, r.to_number, 'to_number', e, s) then
    r.to_number := p_in.to_number; s := s || jsonb_build_object('to_number', e);
  end if;
  if public.retell_prefer_text(p_in.call_type, r.call_type, 'call_type', e, s) then
    r.call_type := p_in.call_type; s := s || jsonb_build_object('call_type', e);
  end if;
  if public.retell_prefer(p_in.start_timestamp, r.start_timestamp, 'start_timestamp', e, s) then
    r.start_timestamp := p_in.start_timestamp; s := s || jsonb_build_object('start_timestamp', e);
  end if;
  if public.retell_prefer(p_in.end_timestamp, r.end_timestamp, 'end_timestamp', e, s) then
    r.end_timestamp := p_in.end_timestamp; s := s || jsonb_build_object('end_timestamp', e);
  end if;
  if public.retell_prefer(p_in.duration_ms, r.duration_ms, 'duration_ms', e, s) then
    r.duration_ms := p_in.duration_ms; s := s || jsonb_build_object('duration_ms', e);
  end if;
  if public.retell_prefer_text(p_in.disconnection_reason, r.disconnection_reason, 'disconnection_reason', e, s) then
    r.disconnection_reason := p_in.disconnection_reason; s := s || jsonb_build_object('disconnection_reason', e);
  end if;
  if public.retell_prefer_text(p_in.transcript, r.transcript, 'transcript', e, s) then
    r.transcript := p_in.transcript; s := s || jsonb_build_object('transcript', e);
  end if;
  if public.retell_prefer(p_in.transcript_object, r.transcript_object, 'transcript_object', e, s) then
    r.transcript_object := p_in.transcript_object; s := s || jsonb_build_object('transcript_object', e);
  end if;
  if public.retell_prefer_text(p_in.recording_url, r.recording_url, 'recording_url', e, s) then
    r.recording_url := p_in.recording_url; s := s || jsonb_build_object('recording_url', e);
  end if;
  if public.retell_prefer_text(p_in.call_summary, r.call_summary, 'call_summary', e, s) then
    r.call_summary := p_in.call_summary; s := s || jsonb_build_object('call_summary', e);
  end if;
  if public.retell_prefer_text(p_in.user_sentiment, r.user_sentiment, 'user_sentiment', e, s) then
    r.user_sentiment := p_in.user_sentiment; s := s || jsonb_build_object('user_sentiment', e);
  end if;
  if public.retell_prefer(p_in.call_successful, r.call_successful, 'call_successful', e, s) then
    r.call_successful := p_in.call_successful; s := s || jsonb_build_object('call_successful', e);
  end if;
  if public.retell_prefer(p_in.in_voicemail, r.in_voicemail, 'in_voicemail', e, s) then
    r.in_voicemail := p_in.in_voicemail; s := s || jsonb_build_object('in_voicemail', e);
  end if;
  if public.retell_prefer(p_in.custom_analysis_data, r.custom_analysis_data, 'custom_analysis_data', e, s) then
    r.custom_analysis_data := p_in.custom_analysis_data; s := s || jsonb_build_object('custom_analysis_data', e);
  end if;
  if public.retell_prefer(p_in.call_analysis, r.call_analysis, 'call_analysis', e, s) then
    r.call_analysis := p_in.call_analysis; s := s || jsonb_build_object('call_analysis', e);
  end if;
  if public.retell_prefer(p_in.cost, r.cost, 'cost', e, s) then
    r.cost := p_in.cost; s := s || jsonb_build_object('cost', e);
  end if;
  if public.retell_prefer(p_in.call_cost, r.call_cost, 'call_cost', e, s) then
    r.call_cost := p_in.call_cost; s := s || jsonb_build_object('call_cost', e);
  end if;
  if public.retell_prefer(p_in.metadata, r.metadata, 'metadata', e, s) then
    r.metadata := p_in.metadata; s := s || jsonb_build_object('metadata', e);
  end if;
  if public.retell_prefer(p_in.dynamic_variables, r.dynamic_variables, 'dynamic_variables', e, s) then
    r.dynamic_variables := p_in.dynamic_variables; s := s || jsonb_build_object('dynamic_variables', e);
  end if;
  if public.retell_prefer(p_in.collected_dynamic_variables, r.collected_dynamic_variables, 'collected_dynamic_variables', e, s) then
    r.collected_dynamic_variables := p_in.collected_dynamic_variables; s := s || jsonb_build_object('collected_dynamic_variables', e);
  end if;
  r.field_sources := s;

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
    end if;
  end if;
  if r.event_timestamps <> '{}'::jsonb then
    select t.k into r.last_event
      from jsonb_each_text(r.event_timestamps) as t (k, v)
     order by public.retell_event_tier(t.k) desc, t.v collate "C" desc, t.k collate "C" desc
     limit 1;
  end if;

  return r;
end
$$;

-- Merges many mapped rows in one call. Input: a JSON array (or one object) of call-session column
-- objects, each with call_id and optionally "event" (the Retell webhook event) and "received_at"
-- (ISO time or epoch ms; default now()). start_timestamp / end_timestamp may be epoch milliseconds.
-- Output: a JSON array in input order of
--   { item_index, call_id, action: inserted | updated | unchanged | error, session?, error?: {code, message} }
-- A bad item is reported as an error and does not stop the others.
create or replace function public.retell_merge_call_sessions(p_rows jsonb, p_return_rows boolean default true)
returns jsonb
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
  v_item record;
  v_obj jsonb;
  v_key text;
  v_unknown text;
  v_in public.retell_call_sessions;
  v_cur public.retell_call_sessions;
  v_new public.retell_call_sessions;
  v_event text;
  v_record_event boolean;
  v_received timestamptz;
  v_agent uuid;
  v_action text;
  v_attempt integer;
  v_entry jsonb;
  v_results jsonb[] := '{}';
begin
  v_items := case jsonb_typeof(p_rows)
    when 'array' then p_rows
    when 'object' then jsonb_build_array(p_rows)
  end;
  if v_items is null then
    raise exception 'p_rows must be a JSON array of call-session rows'
      using errcode = '22023';
  end if;

  -- Sorting by call_id makes concurrent batches lock rows in the same order (no deadlocks).
  for v_item in
    select el.value as obj, (el.ordinality - 1)::integer as idx
      from jsonb_array_elements(v_items) with ordinality as el (value, ordinality)
     order by (case when jsonb_typeof(el.value) = 'object' then el.value ->> 'call_id' end) collate "C",
              el.ordinality
  loop
    begin
      if jsonb_typeof(v_item.obj) is distinct from 'object' then
        raise exception 'item % is not a JSON object', v_item.idx using errcode = '22023';
      end if;
      select coalesce(jsonb_object_agg(kv.key, kv.value), '{}'::jsonb)
        into v_obj
        from jsonb_each(v_item.obj) as kv
       where jsonb_typeof(kv.value) <> 'null';

      select string_agg(k, ', ' order by k)
        into v_unknown
        from jsonb_object_keys(v_obj) as k
       where k <> all (c_allowed);
      if v_unknown is not null then
        raise exception 'unknown call-session column(s): %', v_unknown
          using errcode = '22023',
                hint = 'Send mapped retell_call_sessions columns plus "event" and "received_at".';
      end if;
      if jsonb_typeof(v_obj -> 'call_id') is distinct from 'string' or v_obj ->> 'call_id' = '' then
        raise exception 'call_id must be a non-empty string' using errcode = '22023';
      end if;
      if v_obj ? 'event' and jsonb_typeof(v_obj -> 'event') <> 'string' then
        raise exception 'event must be a string' using errcode = '22023';
      end if;

      -- Retell sends times as epoch milliseconds.
      foreach v_key in array array['start_timestamp', 'end_timestamp', 'received_at'] loop
        if jsonb_typeof(v_obj -> v_key) = 'number' then
          v_obj := v_obj || jsonb_build_object(v_key, to_timestamp((v_obj ->> v_key)::numeric / 1000));
        end if;
      end loop;

      v_in := jsonb_populate_record(null::public.retell_call_sessions, v_obj - 'event' - 'received_at');
      v_received := coalesce((v_obj ->> 'received_at')::timestamptz, now());
      v_record_event := v_obj ? 'event';
      v_event := case
        when v_record_event then v_obj ->> 'event'
        when v_in.call_analysis is not null or v_in.call_summary is not null or v_in.user_sentiment is not null
          or v_in.call_successful is not null or v_in.in_voicemail is not null
          or v_in.custom_analysis_data is not null then 'call_analyzed'
        when v_in.call_status in ('ended', 'error', 'not_connected') then 'call_ended'
        else 'call_started'
      end;

      v_action := null;
      v_attempt := 0;
      while v_action is null loop
        v_attempt := v_attempt + 1;
        if v_attempt > 3 then
          -- Only reachable when the row cannot be seen after a conflict (e.g. REPEATABLE READ callers).
          raise exception 'could not merge call % after concurrent inserts', v_in.call_id
            using errcode = '40001';
        end if;

        select * into v_cur
          from public.retell_call_sessions
         where call_id = v_in.call_id
           for update;

        v_new := public.retell_merge_session_row(
          case when found then v_cur end, v_in, v_event, v_record_event, v_received);
        if v_new.retell_agent_id is not null then
          select a.id into v_agent from public.agents a where a.retell_agent_id = v_new.retell_agent_id;
          if found then
            v_new.agent_id := v_agent;
          end if;
        end if;

        if v_cur.id is not null then
          if v_new is distinct from v_cur then
            update public.retell_call_sessions
               set (agent_id, retell_agent_id, agent_version, direction, from_number, to_number, call_type,
                    call_status, start_timestamp, end_timestamp, duration_ms, disconnection_reason, transcript,
                    transcript_object, recording_url, call_summary, user_sentiment, call_successful, in_voicemail,
                    custom_analysis_data, call_analysis, cost, call_cost, metadata, dynamic_variables,
                    collected_dynamic_variables, last_event, event_timestamps, field_sources, updated_at)
                 = (v_new.agent_id, v_new.retell_agent_id, v_new.agent_version, v_new.direction, v_new.from_number,
                    v_new.to_number, v_new.call_type, v_new.call_status, v_new.start_timestamp, v_new.end_timestamp,
                    v_new.duration_ms, v_new.disconnection_reason, v_new.transcript, v_new.transcript_object,
                    v_new.recording_url, v_new.call_summary, v_new.user_sentiment, v_new.call_successful,
                    v_new.in_voicemail, v_new.custom_analysis_data, v_new.call_analysis, v_new.cost, v_new.call_cost,
                    v_new.metadata, v_new.dynamic_variables, v_new.collected_dynamic_variables, v_new.last_event,
                    v_new.event_timestamps, v_new.field_sources, now())
             where id = v_cur.id
            returning * into v_new;
            v_action := 'updated';
          else
            v_new := v_cur;
            v_action := 'unchanged';
          end if;
        else
          insert into public.retell_call_sessions
                 (call_id, agent_id, retell_agent_id, agent_version, direction, from_number, to_number, call_type,
                  call_status, start_timestamp, end_timestamp, duration_ms, disconnection_reason, transcript,
                  transcript_object, recording_url, call_summary, user_sentiment, call_successful, in_voicemail,
                  custom_analysis_data, call_analysis, cost, call_cost, metadata, dynamic_variables,
                  collected_dynamic_variables, last_event, event_timestamps, field_sources)
          values (v_new.call_id, v_new.agent_id, v_new.retell_agent_id, v_new.agent_version, v_new.direction,
                  v_new.from_number, v_new.to_number, v_new.call_type, v_new.call_status, v_new.start_timestamp,
                  v_new.end_timestamp, v_new.duration_ms, v_new.disconnection_reason, v_new.transcript,
                  v_new.transcript_object, v_new.recording_url, v_new.call_summary, v_new.user_sentiment,
                  v_new.call_successful, v_new.in_voicemail, v_new.custom_analysis_data, v_new.call_analysis,
                  v_new.cost, v_new.call_cost, v_new.metadata, v_new.dynamic_variables,
                  v_new.collected_dynamic_variables, v_new.last_event, v_new.event_timestamps, v_new.field_sources)
          on conflict (call_id) do nothing
          returning * into v_new;
          if found then
            v_action := 'inserted';
          end if;
          -- Otherwise another transaction inserted the call first: loop and merge into its row.
        end if;
      end loop;

      v_entry := jsonb_build_object('item_index', v_item.idx, 'call_id', v_new.call_id, 'action', v_action);
      if p_return_rows then
        v_entry := v_entry || jsonb_build_object('session', to_jsonb(v_new));
      end if;
    exception when others then
      v_entry := jsonb_build_object(
        'item_index', v_item.idx,
        'call_id', case when jsonb_typeof(v_item.obj) = 'object' then v_item.obj -> 'call_id' end,
        'action', 'error',
        'error', jsonb_build_object('code', sqlstate, 'message', sqlerrm)
      );
    end;
    -- Appending to a plpgsql array is amortised O(1); growing a jsonb array would copy it every time.
    v_results := v_results || v_entry;
  end loop;

  return (
    select coalesce(jsonb_agg(x.entry order by (x.entry ->> 'item_index')::integer), '[]'::jsonb)
      from unnest(v_results) as x (entry)
  );
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
  public.retell_merge_call_sessions(jsonb, boolean)
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
  public.retell_merge_call_sessions(jsonb, boolean)
  to service_role;

-- PostgREST caches the schema; without this the new tables and the function answer 404 until a restart.
notify pgrst, 'reload schema';
