import { VOICE_AGENT, createVersionOperation } from '../agentKinds';

export const operation = createVersionOperation(VOICE_AGENT);
