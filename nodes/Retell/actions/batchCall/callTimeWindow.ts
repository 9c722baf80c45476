import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fieldReader, getRows, rowString } from '../../../shared/parameters';
import type { BatchCallCreateBatchCallParams } from '../../../shared/retell/transport/types';

type CallTimeWindow = NonNullable<BatchCallCreateBatchCallParams['call_time_window']>;

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export const callTimeWindowProperty: INodeProperties = {
	displayName: 'Call Time Window',
	name: 'callTimeWindow',
	type: 'fixedCollection',
	placeholder: 'Add Call Time Window',
	default: {},
	description: 'Hours in which Retell may place the calls, in the recipients\' time zone. Calls wait for the next window.',
	options: [
		{
			displayName: 'Window',
			name: 'window',
			values: [
				{
					displayName: 'Time Zone',
					name: 'timezone',
					type: 'string',
					default: 'America/Los_Angeles',
					placeholder: 'America/New_York',
					description: 'IANA time zone name',
				},
				{
					displayName: 'Days',
					name: 'days',
					type: 'multiOptions',
					options: DAYS.map((day) => ({ name: day, value: day })),
					default: [],
					description: 'Days the hours apply to; none selected means every day',
				},
				{
					displayName: 'Hours',
					name: 'hours',
					type: 'string',
					default: '09:00-17:00',
					placeholder: '09:00-12:00, 13:00-17:00',
					description: 'Comma-separated ranges in 24-hour time; a range cannot cross midnight (24:00 is allowed as an end)',
				},
			],
		},
	],
};

function minutes(time: string): number | undefined {
	const match = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
	if (!match) return undefined;
	const [hours, mins] = [Number(match[1]), Number(match[2])];
	if (mins > 59 || hours > 24 || (hours === 24 && mins > 0)) return undefined;
	return hours * 60 + mins;
}

/**
 * Retell wants minutes since local midnight as half-open [start, end) windows that do not cross
 * midnight (https://docs.retellai.com/api-references/create-batch-call); users think in "09:00-17:00".
 */
export function readCallTimeWindow(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
): CallTimeWindow | undefined {
	const [row]: IDataObject[] = getRows(context, name, itemIndex);
	if (!row) return undefined;
	const invalid = (message: string) => new NodeOperationError(context.getNode(), `Call Time Window: ${message}`, { itemIndex });
	const windows = rowString(row, 'hours')
		.split(',')
		.map((range) => range.trim())
		.filter((range) => range !== '')
		.map((range) => {
			const bounds = range.split('-').map(minutes);
			const [start, end] = bounds;
			if (bounds.length !== 2 || start === undefined || end === undefined || start >= end) {
				throw invalid(`"${range}" is not a range like 09:00-17:00 within one day`);
			}
			return { start, end };
		});
	if (windows.length === 0) throw invalid('add at least one range of hours, like 09:00-17:00');
	const days = fieldReader(context.getNode(), itemIndex, row).options('days', DAYS, 'Days');
	const timezone = rowString(row, 'timezone');
	return {
		windows,
		...(days ? { day: days } : {}),
		...(timezone ? { timezone } : {}),
	};
}
