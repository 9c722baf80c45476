export * as listSearch from '../../shared/retell/listSearch';
export * as loadOptions from './loadOptions';
