/**
 * Every TypeScript file: typescript-eslint's recommended rules, a few type-aware ones, and import rules. The n8n
 * rules on top for nodes/, credentials/ and package.json.
 * @type {import('@types/eslint').ESLint.ConfigData}
 */
module.exports = {
	root: true,
	env: { browser: false, es6: true, node: true },
	parser: '@typescript-eslint/parser',
	parserOptions: {
		project: ['./tsconfig.test.json'],
		sourceType: 'module',
		extraFileExtensions: ['.json'],
	},
	ignorePatterns: ['.eslintrc.js', '**/*.js', '**/node_modules/**', '**/dist/**', 'scripts/n8n-install/**'],
	overrides: [
		{
			files: ['**/*.ts'],
			plugins: ['@typescript-eslint', 'import'],
			extends: ['plugin:@typescript-eslint/recommended', 'plugin:import/typescript'],
			settings: { 'import/resolver': { node: { extensions: ['.ts', '.js', '.json'] } } },
			rules: {
				'@typescript-eslint/no-floating-promises': 'error',
				'@typescript-eslint/await-thenable': 'error',
				'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
				'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
				// A variable a shutdown handler reads before the stack it stops is assigned (scripts/dev.ts).
				'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
				'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
				'import/no-duplicates': ['error', { 'prefer-inline': false }],
				'import/no-unresolved': 'error',
				'import/no-cycle': 'error',
				'import/no-self-import': 'error',
				'import/no-useless-path-segments': 'error',
				'import/first': 'error',
				'import/newline-after-import': 'error',
				'import/no-extraneous-dependencies': [
					'error',
					{ devDependencies: ['test/**', 'bench/**', 'scripts/**', '*.config.js'], peerDependencies: true },
				],
			},
		},
		{
			files: ['package.json'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/community'],
		},
		{
			files: ['./credentials/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/credentials'],
			rules: {
				// The rule expects a slug of n8n's own docs; community credentials link the vendor's docs by full URL.
				'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			},
		},
		{
			files: ['./nodes/**/*.ts'],
			plugins: ['eslint-plugin-n8n-nodes-base'],
			extends: ['plugin:n8n-nodes-base/nodes'],
			rules: {
				// Both rules predate NodeConnectionTypes.Main, which n8n-workflow 2.x types inputs/outputs with.
				'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
				'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			},
		},
	],
};
