import { retellResource } from '../node.type';
import { operation as getApiKeyInfo } from './getApiKeyInfo.operation';

export const account = retellResource('account', 'Account', 'getApiKeyInfo', [getApiKeyInfo]);
