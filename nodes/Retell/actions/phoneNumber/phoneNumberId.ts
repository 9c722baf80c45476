import type { IExecuteFunctions } from 'n8n-workflow';

import { getResourceId } from '../../../shared/parameters';

/**
 * The number that identifies a Retell phone number. Only presence is checked: an imported number
 * may be a pseudo number that is not E.164 (`ignore_e164_validation`), and Retell answers 422 for
 * numbers it does not know.
 */
export function readPhoneNumberId(context: IExecuteFunctions, itemIndex: number): string {
	return getResourceId(context, 'phoneNumber', itemIndex, 'Phone Number');
}
