import { CHAT_AGENT, getManyOperation } from '../agentKinds';

export const operation = getManyOperation(CHAT_AGENT);
