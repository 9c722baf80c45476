import type { IDataObject } from 'n8n-workflow';

import { pgQuery } from '../support/supabase-stack/db';
import { T0 } from './helpers';
import { agentA, agentB, LITERALS, marker } from './injectionCases';

/* The rows an injection test file seeds, and their state as stored, which no filter value may change. */

/** Every seeded retell_agent_id value: one ended session each. */
export const STORED_VALUES: readonly string[] = [agentA, agentB, ...LITERALS];

export const callOf = new Map<string, string>();
const seededCallIds = (): string[] => [...callOf.values()];

export interface SeededState {
	tables: Array<string | null>;
	sessions: IDataObject[];
	agent: IDataObject | null;
	lead: IDataObject | null;
}

let agentRowId = '';

/** The rows this suite seeded, exactly as stored, and whether the three tables still exist. */
export async function seededState(): Promise<SeededState> {
	const [state] = await pgQuery<SeededState>(
		`select array[to_regclass('public.agents')::text, to_regclass('public.retell_call_sessions')::text,
		              to_regclass('public.leads')::text] as tables,
		        (select coalesce(jsonb_agg(to_jsonb(s) order by s.call_id), '[]')
		           from public.retell_call_sessions s where s.call_id = any($1)) as sessions,
		        (select to_jsonb(a) from public.agents a where a.id = $2) as agent,
		        (select to_jsonb(l) from public.leads l where l.call_id = $3) as lead`,
		[seededCallIds(), agentRowId, callOf.get(agentA)],
	);
	return state;
}

/** A session per stored value, an agent and a lead for agentA; returns them as stored. */
export async function seedTargets(): Promise<SeededState> {
	STORED_VALUES.forEach((value, index) => callOf.set(value, `${marker}_call_${index}`));
	await pgQuery(
		`insert into public.retell_call_sessions (call_id, retell_agent_id, call_status, start_timestamp)
		 select call_id, retell_agent_id, 'ended', $3 from unnest($1::text[], $2::text[]) as t (call_id, retell_agent_id)`,
		[STORED_VALUES.map((value) => callOf.get(value)), STORED_VALUES, new Date(T0).toISOString()],
	);
	const [agent] = await pgQuery<{ id: string }>(
		"insert into public.agents (name, retell_agent_id) values ('Injection target', $1) returning id",
		[agentA],
	);
	agentRowId = agent.id;
	await pgQuery("insert into public.leads (call_id, name) values ($1, 'Ada')", [callOf.get(agentA)]);
	return await seededState();
}
