/**
 * Owns every timer and background task of the emulator, so `idle()` can wait for them and
 * `cancelAll()` (reset, close) can stop them without leaving anything running.
 */
export class Scheduler {
	private readonly sleepers = new Set<{ timer: NodeJS.Timeout; resolve: (elapsed: boolean) => void }>();
	private readonly tasks = new Set<Promise<unknown>>();
	private readonly aborts = new Set<AbortController>();
	/** Bumped by cancelAll; a task compares it to know it was cancelled while it slept. */
	generation = 0;
	private closed = false;

	/** Resolves true after `ms`, or false at once when cancelled (and always false once closed). */
	sleep(ms: number): Promise<boolean> {
		if (this.closed) return Promise.resolve(false);
		return new Promise((resolve) => {
			const entry = {
				timer: setTimeout(() => {
					this.sleepers.delete(entry);
					resolve(true);
				}, Math.max(0, ms)),
				resolve,
			};
			this.sleepers.add(entry);
		});
	}

	/** Runs a background task; its errors are reported to `onError`, never thrown into the server. */
	track(task: Promise<unknown>, onError: (error: unknown) => void): void {
		const guarded = task.catch(onError);
		this.tasks.add(guarded);
		void guarded.finally(() => this.tasks.delete(guarded));
	}

	/** An AbortController that cancelAll aborts; call the returned release when done with it. */
	abortable(): { signal: AbortSignal; release: () => void } {
		const controller = new AbortController();
		if (this.closed) controller.abort();
		else this.aborts.add(controller);
		return { signal: controller.signal, release: () => this.aborts.delete(controller) };
	}

	async idle(): Promise<void> {
		while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
	}

	/** Cancels everything and refuses new timers: nothing can start after close. */
	close(): void {
		this.closed = true;
		this.cancelAll();
	}

	cancelAll(): void {
		this.generation++;
		for (const sleeper of this.sleepers) {
			clearTimeout(sleeper.timer);
			sleeper.resolve(false);
		}
		this.sleepers.clear();
		for (const controller of this.aborts) controller.abort();
		this.aborts.clear();
	}
}
