import { retellResource } from '../node.type';
import { operation as upload } from './upload.operation';

export const asset = retellResource('asset', 'Asset', 'upload', [upload]);
