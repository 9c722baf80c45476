import { VOICE_AGENT, publishOperation } from '../agentKinds';

export const operation = publishOperation(VOICE_AGENT);
