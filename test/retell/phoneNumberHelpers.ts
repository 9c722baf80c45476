export const phoneNumber = (operation: string, parameters: Record<string, unknown> = {}) => ({
	resource: 'phoneNumber',
	operation,
	...parameters,
});

export const agents = (...rows: Array<[string, number, string?]>) => ({
	agent: rows.map(([agentId, weight, agentVersion = '']) => ({ agentId, weight, agentVersion })),
});
