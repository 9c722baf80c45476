import { retellResource } from '../node.type';
import { operation as buy } from './buy.operation';
import { operation as deletePhoneNumber } from './deletePhoneNumber.operation';
import { operation as get } from './get.operation';
import { operation as getAll } from './getAll.operation';
import { operation as importPhoneNumber } from './importPhoneNumber.operation';
import { operation as update } from './update.operation';

export const phoneNumber = retellResource('phoneNumber', 'Phone Number', 'get', [buy, deletePhoneNumber, get, getAll, importPhoneNumber, update]);
