import { VOICE_AGENT, getVersionsOperation } from '../agentKinds';

export const operation = getVersionsOperation(VOICE_AGENT);
