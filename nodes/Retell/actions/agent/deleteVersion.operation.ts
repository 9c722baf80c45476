import { VOICE_AGENT, deleteVersionOperation } from '../agentKinds';

export const operation = deleteVersionOperation(VOICE_AGENT);
