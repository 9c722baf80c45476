import { VOICE_AGENT, publishOperation } from '../agentVersions';

export const operation = publishOperation(VOICE_AGENT);
