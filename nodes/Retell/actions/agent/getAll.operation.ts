import { getManyOperation, VOICE_AGENT } from '../agentKinds';

export const operation = getManyOperation(VOICE_AGENT);
