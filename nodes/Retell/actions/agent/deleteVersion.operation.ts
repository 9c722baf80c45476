import { VOICE_AGENT, deleteVersionOperation } from '../agentVersions';

export const operation = deleteVersionOperation(VOICE_AGENT);
