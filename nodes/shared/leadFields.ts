/**
 * The lead details an agent can be told to extract after each call, and the `leads` columns they land in.
 * The Retell node declares them as post-call analysis fields under these names (Agent → Provision / Create /
 * Update → Lead Details); the Retell Supabase node's Lead → Create From Call looks for the same names, so a
 * lead needs no hand-written parsing between the two.
 */

export type LeadDetail = 'name' | 'email' | 'phone' | 'interest' | 'appointmentTime';

export interface LeadDetailSpec {
	/** The option shown in the node. */
	label: string;
	/** The post-call analysis field the agent fills, i.e. the key in `call_analysis.custom_analysis_data`. */
	analysisName: string;
	/** What Retell's analysis model is told to extract: the format matters, Lead → Create From Call parses it. */
	analysisDescription: string;
	/** The `leads` column the value is stored in. */
	column: 'name' | 'email' | 'phone' | 'interest' | 'appointment_time';
}

export const LEAD_DETAILS: Record<LeadDetail, LeadDetailSpec> = {
	name: {
		label: 'Name',
		analysisName: 'customer_name',
		analysisDescription: "The caller's full name as they gave it. Empty if they did not say it.",
		column: 'name',
	},
	email: {
		label: 'Email',
		analysisName: 'email',
		analysisDescription:
			"The caller's email address written out in standard form (name@example.com), lower case. Empty if they did not give one.",
		column: 'email',
	},
	phone: {
		label: 'Callback Number',
		analysisName: 'callback_number',
		analysisDescription:
			'The phone number the caller asked to be called back on, in E.164 form (+14155550100). Empty if they gave none.',
		column: 'phone',
	},
	interest: {
		label: 'Interest',
		analysisName: 'interest',
		analysisDescription: 'What the caller is interested in or asked for, in one short sentence.',
		column: 'interest',
	},
	appointmentTime: {
		label: 'Appointment Time',
		analysisName: 'appointment_time',
		analysisDescription:
			'The start of the appointment the caller booked, as an ISO 8601 date and time with its UTC offset (2026-03-14T15:30:00-07:00). Empty if none was booked.',
		column: 'appointment_time',
	},
};

export const LEAD_DETAIL_KEYS = Object.keys(LEAD_DETAILS) as LeadDetail[];
