import type { TestCaseJobResponse, TestCreateBatchTestParams, TestCreateTestCaseDefinitionParams } from '../../../shared/retell/transport/types';

export type {
	TestCreateBatchTestParams as BatchTestCreateParams,
	TestCreateTestCaseDefinitionParams as TestCaseCreateParams,
	TestListBatchTestsParams as BatchTestListParams,
	TestListTestCaseDefinitionsParams as TestCaseListParams,
	TestUpdateTestCaseDefinitionParams as TestCaseUpdateParams,
} from '../../../shared/retell/transport/types';
/** A Retell LLM or a conversation flow, optionally at a version: custom LLMs cannot be tested. */
export type TestResponseEngine = TestCreateBatchTestParams['response_engine'];
export type TestRunStatus = TestCaseJobResponse['status'];
export type SimulationModel = NonNullable<TestCreateTestCaseDefinitionParams['llm_model']>;
