import { CHAT_AGENT, createVersionOperation } from '../agentVersions';

export const operation = createVersionOperation(CHAT_AGENT);
