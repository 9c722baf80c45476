import { VOICE_AGENT, getVersionsOperation } from '../agentVersions';

export const operation = getVersionsOperation(VOICE_AGENT);
