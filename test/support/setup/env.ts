import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core's InstanceSettings writes an encryption key into the user folder: keep it out of $HOME.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-retell-test-'));

// The engine reports every node error through n8n's logger; tests assert on errors instead of reading them.
process.env.N8N_LOG_LEVEL ??= 'silent';
