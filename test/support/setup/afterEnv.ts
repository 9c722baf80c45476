import nock from 'nock';

// No test may reach the internet: only loopback (the emulator, the Supabase stack, trigger servers) is allowed.
beforeAll(() => {
	nock.disableNetConnect();
	nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterAll(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});
