import { CHAT_AGENT, deleteVersionOperation } from '../agentVersions';

export const operation = deleteVersionOperation(CHAT_AGENT);
