import type {
	BatchTestResponse,
	TestCaseDefinitionResponse,
	TestCaseJobResponse,
	TestCreateBatchTestParams,
	TestCreateTestCaseDefinitionParams,
	TestListBatchTestsResponse,
	TestListTestCaseDefinitionsResponse,
	TestListTestRunsResponse,
} from 'retell-sdk/resources/tests';

import { RetellHttpError, badRequest } from '../errors';
import { created, noContent, ok, type EmulatorCore, type Reply, type Route, type RouteContext } from '../http';
import { newId } from '../ids';
import { paginate, parsePageRequest } from '../pagination';
import { runIdsOf, startBatchTest } from '../testRunner';
import { bodyObject, isRecord, optionalStringMap, queryInteger, rejectCamelCase, requireString, type JsonObject } from '../validate';

// Simulation testing (retell-api.md §2: `tests.*`; SDK 5.66.1 resources/tests.js for paths and methods; the OpenAPI
// description's /create-test-case-definition … /v2/list-test-runs/{id}). Tests are a newer resource: an unknown test
// case, batch test or run is 404 (retell-api.md §1; OpenAPI lists 404, no 422, for each by-id endpoint).

type TestEngine = TestCreateBatchTestParams['response_engine'];
type LlmModel = NonNullable<TestCreateTestCaseDefinitionParams['llm_model']>;

/** SDK 5.66.1 `TestCreateTestCaseDefinitionParams.llm_model`: a key record, so the SDK's union keeps it complete. */
const LLM_MODELS: Record<LlmModel, true> = {
	'gpt-4.1': true, 'gpt-4.1-mini': true, 'gpt-4.1-nano': true, 'gpt-5': true, 'gpt-5-mini': true, 'gpt-5-nano': true,
	'gpt-5.1': true, 'gpt-5.2': true, 'gpt-5.4': true, 'gpt-5.4-mini': true, 'gpt-5.4-nano': true, 'gpt-5.5': true,
	'gpt-5.6-terra': true, 'gpt-5.6-luna': true, 'claude-4.5-sonnet': true, 'claude-4.6-sonnet': true,
	'claude-5-sonnet': true, 'claude-4.5-haiku': true, 'gemini-3.0-flash': true, 'gemini-3.1-flash-lite': true,
	'gemini-3.5-flash': true, 'gemini-3.5-flash-lite': true, 'gemini-3.6-flash': true,
};
/** ⚠ Retell's default simulation model is not documented; the response always carries one (SDK `llm_model` required). */
const DEFAULT_LLM_MODEL: LlmModel = 'gpt-4.1';
/** OpenAPI `ToolMock.output`: maxLength 15000. */
const MAX_TOOL_MOCK_OUTPUT = 15_000;
/** OpenAPI create-batch-test `test_case_definition_ids`: minItems 1, maxItems 1000. */
const MAX_BATCH_TEST_CASES = 1000;

function notFound(what: string, id: string): RetellHttpError {
	return new RetellHttpError(404, `${what} ${id} not found.`);
}

function engineVersions(core: EmulatorCore, engine: TestEngine): Array<number | null | undefined> {
	if (engine.type === 'retell-llm') return (core.state.llmVersions.get(engine.llm_id) ?? []).map((llm) => llm.version ?? 0);
	const flow = core.state.conversationFlows.get(engine.conversation_flow_id);
	if (!flow) return [];
	return [...(core.state.conversationFlowVersions.get(engine.conversation_flow_id) ?? []), flow].map((version) => version.version);
}

function latestEngineVersion(core: EmulatorCore, engine: TestEngine): number | undefined {
	const versions = engineVersions(core, engine).filter((version): version is number => typeof version === 'number');
	return versions.length > 0 ? Math.max(...versions) : undefined;
}

/**
 * OpenAPI `RetellResponseEngine`: a Retell LLM or a conversation flow, "Custom LLM is not supported". ⚠ An engine that
 * does not exist is refused with 404, as the resource's other missing objects are; Retell does not document it.
 */
function readEngine(core: EmulatorCore, value: unknown): TestEngine {
	if (!isRecord(value)) throw badRequest('response_engine is required and must be an object.');
	const version = value.version;
	if (version !== undefined && version !== null && (typeof version !== 'number' || !Number.isInteger(version) || version < 0)) {
		throw badRequest('response_engine.version must be a whole number.');
	}
	let engine: TestEngine;
	if (value.type === 'retell-llm') {
		engine = { type: 'retell-llm', llm_id: requireString(value, 'llm_id') };
	} else if (value.type === 'conversation-flow') {
		engine = { type: 'conversation-flow', conversation_flow_id: requireString(value, 'conversation_flow_id') };
	} else if (value.type === 'custom-llm') {
		throw badRequest('response_engine: Custom LLM is not supported for simulation tests.');
	} else {
		throw badRequest('response_engine.type must be retell-llm or conversation-flow.');
	}
	const versions = engineVersions(core, engine);
	const id = engine.type === 'retell-llm' ? engine.llm_id : engine.conversation_flow_id;
	if (versions.length === 0) throw notFound('Response engine', id);
	if (typeof version === 'number') {
		if (!versions.includes(version)) throw notFound(`Version ${version} of response engine`, id);
		engine.version = version;
	}
	return engine;
}

function readMetrics(input: JsonObject): string[] {
	const metrics = input.metrics;
	if (!Array.isArray(metrics) || metrics.some((metric) => typeof metric !== 'string')) throw badRequest('metrics must be a list of strings.');
	return metrics as string[];
}

function readToolMocks(input: JsonObject): TestCaseDefinitionResponse['tool_mocks'] {
	const mocks = input.tool_mocks;
	if (!Array.isArray(mocks)) throw badRequest('tool_mocks must be a list.');
	mocks.forEach((mock: unknown, index) => {
		const where = `tool_mocks[${index}]`;
		if (!isRecord(mock)) throw badRequest(`${where} must be an object.`);
		requireString(mock, 'tool_name');
		if (typeof mock.output !== 'string') throw badRequest(`${where}.output is required and must be a string.`);
		if (mock.output.length > MAX_TOOL_MOCK_OUTPUT) throw badRequest(`${where}.output must be at most ${MAX_TOOL_MOCK_OUTPUT} characters.`);
		const rule = mock.input_match_rule;
		// SDK `ToolMock.input_match_rule`: {type: "any"}, or {type: "partial_match", args} (a subset of the call's arguments).
		const validRule = isRecord(rule) && (rule.type === 'any' || (rule.type === 'partial_match' && isRecord(rule.args)));
		if (!validRule) throw badRequest(`${where}.input_match_rule must be {"type": "any"} or {"type": "partial_match", "args": {…}}.`);
		if (mock.result !== undefined && mock.result !== null && typeof mock.result !== 'boolean') throw badRequest(`${where}.result must be a boolean.`);
	});
	return mocks as TestCaseDefinitionResponse['tool_mocks'];
}

function readLlmModel(input: JsonObject): LlmModel {
	const model = input.llm_model;
	if (typeof model !== 'string' || !Object.hasOwn(LLM_MODELS, model)) throw badRequest(`llm_model must be one of ${Object.keys(LLM_MODELS).join(', ')}.`);
	return model as LlmModel;
}

/** The fields of TestCaseDefinitionInput present in `input`, checked; create requires some of them, update none. */
function readTestCaseFields(core: EmulatorCore, input: JsonObject): Partial<TestCaseDefinitionResponse> {
	rejectCamelCase(input);
	const fields: Partial<TestCaseDefinitionResponse> = {};
	if (input.name !== undefined) fields.name = requireString(input, 'name');
	if (input.user_prompt !== undefined) fields.user_prompt = requireString(input, 'user_prompt');
	if (input.metrics !== undefined) fields.metrics = readMetrics(input);
	if (input.response_engine !== undefined) fields.response_engine = readEngine(core, input.response_engine);
	if (input.dynamic_variables !== undefined) fields.dynamic_variables = optionalStringMap(input, 'dynamic_variables') ?? {};
	if (input.tool_mocks !== undefined) fields.tool_mocks = readToolMocks(input);
	if (input.llm_model !== undefined) fields.llm_model = readLlmModel(input);
	return fields;
}

function findTestCase(core: EmulatorCore, id: string): TestCaseDefinitionResponse {
	const testCase = core.state.testCases.get(id);
	if (!testCase) throw notFound('Test case definition', id);
	return testCase;
}

/** OpenAPI create-test-case-definition: `name`, `response_engine`, `user_prompt` and `metrics` required; 201. */
function createTestCase({ body, core }: RouteContext): Reply<TestCaseDefinitionResponse> {
	const fields = readTestCaseFields(core, bodyObject(body));
	for (const required of ['name', 'response_engine', 'user_prompt', 'metrics'] as const) {
		if (fields[required] === undefined) throw badRequest(`${required} is required.`);
	}
	const now = Date.now();
	const testCase: TestCaseDefinitionResponse = {
		name: fields.name!,
		response_engine: fields.response_engine!,
		user_prompt: fields.user_prompt!,
		metrics: fields.metrics!,
		dynamic_variables: fields.dynamic_variables ?? {},
		tool_mocks: fields.tool_mocks ?? [],
		llm_model: fields.llm_model ?? DEFAULT_LLM_MODEL,
		test_case_definition_id: newId('test_case_definition_'),
		type: 'simulation',
		creation_timestamp: now,
		user_modified_timestamp: now,
	};
	core.state.testCases.set(testCase.test_case_definition_id, testCase);
	core.state.registerCreated(testCase.test_case_definition_id);
	return created(testCase);
}

function getTestCase({ params, core }: RouteContext): Reply<TestCaseDefinitionResponse> {
	return ok(findTestCase(core, params.test_case_definition_id!));
}

/** PUT update-test-case-definition: every field optional (SDK `TestUpdateTestCaseDefinitionParams`); the others stay. */
function updateTestCase({ params, body, core }: RouteContext): Reply<TestCaseDefinitionResponse> {
	const testCase = findTestCase(core, params.test_case_definition_id!);
	const updated: TestCaseDefinitionResponse = { ...testCase, ...readTestCaseFields(core, bodyObject(body)), user_modified_timestamp: Date.now() };
	core.state.testCases.set(updated.test_case_definition_id, updated);
	return ok(updated);
}

function deleteTestCase({ params, core }: RouteContext): Reply {
	const id = params.test_case_definition_id!;
	findTestCase(core, id);
	core.state.testCases.delete(id);
	return noContent();
}

/**
 * The engine a /v2/list-* request names: `type` is required, with `llm_id` for retell-llm or `conversation_flow_id`
 * for conversation-flow (OpenAPI: "required when type is …").
 */
function engineOfQuery(query: Record<string, string>): TestEngine {
	if (query.type === 'retell-llm') {
		if (!query.llm_id) throw badRequest('llm_id is required when type is retell-llm.');
		return { type: 'retell-llm', llm_id: query.llm_id };
	}
	if (query.type === 'conversation-flow') {
		if (!query.conversation_flow_id) throw badRequest('conversation_flow_id is required when type is conversation-flow.');
		return { type: 'conversation-flow', conversation_flow_id: query.conversation_flow_id };
	}
	throw badRequest('type is required and must be retell-llm or conversation-flow.');
}

function engineVersion(engine: BatchTestResponse['response_engine']): number | null | undefined {
	return engine.type === 'custom-llm' ? undefined : engine.version;
}

function sameEngine(a: BatchTestResponse['response_engine'], b: TestEngine): boolean {
	if (a.type === 'retell-llm' && b.type === 'retell-llm') return a.llm_id === b.llm_id;
	if (a.type === 'conversation-flow' && b.type === 'conversation-flow') return a.conversation_flow_id === b.conversation_flow_id;
	return false;
}

/** The test cases of one engine, whatever version they name; ⚠ newest first (Retell documents no order). */
function listTestCases({ query, core }: RouteContext): Reply<TestListTestCaseDefinitionsResponse> {
	const engine = engineOfQuery(query);
	const page = parsePageRequest(query, { keyStyle: core.options.paginationKeys });
	const matching = [...core.state.testCases.values()].filter((testCase) => sameEngine(testCase.response_engine, engine));
	return ok(paginate(matching, page, (testCase) => core.state.seqOf(testCase.test_case_definition_id), (testCase) => testCase.test_case_definition_id));
}

function findBatch(core: EmulatorCore, id: string): BatchTestResponse {
	const batch = core.state.batchTests.get(id);
	if (!batch) throw notFound('Batch test', id);
	return batch;
}

/**
 * OpenAPI create-batch-test: `test_case_definition_ids` (1–1000) and `response_engine` required; 201 with the batch
 * `in_progress`, its runs started in the background (testRunner.ts). Every test case must exist (404 otherwise ⚠).
 * ⚠ Without `response_engine.version` the batch runs on, and records, the engine's latest version; list-batch-tests
 * then finds it under that version ("Version of the response engine (defaults to latest)").
 */
function createBatchTest({ body, core }: RouteContext): Reply<BatchTestResponse> {
	const input = bodyObject(body);
	rejectCamelCase(input);
	const ids = input.test_case_definition_ids;
	if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
		throw badRequest('test_case_definition_ids is required and must be a non-empty list of ids.');
	}
	if (ids.length > MAX_BATCH_TEST_CASES) throw badRequest(`test_case_definition_ids must hold at most ${MAX_BATCH_TEST_CASES} ids.`);
	const engine = readEngine(core, input.response_engine);
	const testCases = (ids as string[]).map((id) => findTestCase(core, id));
	const version = engine.version ?? latestEngineVersion(core, engine);
	const now = Date.now();
	const batch: BatchTestResponse = {
		test_case_batch_job_id: newId('test_case_batch_job_'),
		status: 'in_progress',
		response_engine: version === undefined ? engine : { ...engine, version },
		pass_count: 0,
		fail_count: 0,
		error_count: 0,
		total_count: testCases.length,
		creation_timestamp: now,
		user_modified_timestamp: now,
	};
	core.state.batchTests.set(batch.test_case_batch_job_id, batch);
	core.state.registerCreated(batch.test_case_batch_job_id);
	startBatchTest(core, batch, testCases);
	return created({ ...batch });
}

function getBatchTest({ params, core }: RouteContext): Reply<BatchTestResponse> {
	return ok({ ...findBatch(core, params.test_case_batch_job_id!) });
}

/** The batch tests of one engine and version: `version`, else the engine's latest (OpenAPI: "defaults to latest"). */
function listBatchTests({ query, core }: RouteContext): Reply<TestListBatchTestsResponse> {
	const engine = engineOfQuery(query);
	const version = queryInteger(query, 'version') ?? latestEngineVersion(core, engine);
	const page = parsePageRequest(query, { keyStyle: core.options.paginationKeys });
	const matching = [...core.state.batchTests.values()].filter(
		(batch) => sameEngine(batch.response_engine, engine) && (version === undefined || engineVersion(batch.response_engine) === version),
	);
	return ok(paginate(matching, page, (batch) => core.state.seqOf(batch.test_case_batch_job_id), (batch) => batch.test_case_batch_job_id, (batch) => ({ ...batch })));
}

function getTestRun({ params, core }: RouteContext): Reply<TestCaseJobResponse> {
	const id = params.test_case_job_id!;
	const run = core.state.testRuns.get(id);
	if (!run) throw notFound('Test run', id);
	return ok({ ...run });
}

/** The runs of one batch test; ⚠ newest first like the other lists (Retell documents no order). */
function listTestRuns({ params, query, core }: RouteContext): Reply<TestListTestRunsResponse> {
	const batch = findBatch(core, params.test_case_batch_job_id!);
	const page = parsePageRequest(query, { keyStyle: core.options.paginationKeys });
	const runs = runIdsOf(batch).flatMap((id) => core.state.testRuns.get(id) ?? []);
	return ok(paginate(runs, page, (run) => core.state.seqOf(run.test_case_job_id), (run) => run.test_case_job_id, (run) => ({ ...run })));
}

export const testRoutes: Route[] = [
	{ method: 'POST', path: '/create-test-case-definition', handler: createTestCase },
	{ method: 'GET', path: '/get-test-case-definition/:test_case_definition_id', handler: getTestCase },
	{ method: 'GET', path: '/v2/list-test-case-definitions', handler: listTestCases },
	{ method: 'PUT', path: '/update-test-case-definition/:test_case_definition_id', handler: updateTestCase },
	{ method: 'DELETE', path: '/delete-test-case-definition/:test_case_definition_id', handler: deleteTestCase },
	{ method: 'POST', path: '/create-batch-test', handler: createBatchTest },
	{ method: 'GET', path: '/get-batch-test/:test_case_batch_job_id', handler: getBatchTest },
	{ method: 'GET', path: '/v2/list-batch-tests', handler: listBatchTests },
	{ method: 'GET', path: '/get-test-run/:test_case_job_id', handler: getTestRun },
	{ method: 'GET', path: '/v2/list-test-runs/:test_case_batch_job_id', handler: listTestRuns },
];
