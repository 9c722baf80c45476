/**
 * fast-check arbitraries for the fuzz suites: JSON bodies as Retell could write them (exact bytes, not just values),
 * Retell-shaped payloads full of unusual values, and X-Retell-Signature headers, valid and broken.
 */
export * from './jsonText';
export * from './unusualValues';
export * from './retellPayloads';
export * from './signatures';
export * from './supabaseItems';
