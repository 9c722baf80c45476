import { createUserFolder } from './userFolder';

/** The `unit` project: no database. */
export default function globalSetup(): void {
	createUserFolder();
}
