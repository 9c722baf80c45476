import { VOICE_AGENT, createVersionOperation } from '../agentVersions';

export const operation = createVersionOperation(VOICE_AGENT);
