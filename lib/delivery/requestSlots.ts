// Admission control for requests: at most `total` in flight, at most `perHost` to any one host.
// Waiters queue per host and hosts are served round-robin, so a host that is at its limit (slow,
// or simply popular) never blocks a request to another host while a global slot is free.

export class RequestSlots {
	private active = 0;
	private readonly perHostActive = new Map<string, number>();
	/** Hosts with waiters, in the order they are served next (a served host moves to the back). */
	private readonly waiting = new Map<string, Array<() => void>>();

	constructor(
		private readonly total: number,
		private readonly perHost: number,
	) {}

	/**
	 * Takes a slot for `host`: undefined when granted at once (the common case, no promise), else a
	 * promise that resolves once granted. Every grant must be paired with one `release(host)`.
	 */
	acquire(host: string): Promise<void> | undefined {
		const hostActive = this.perHostActive.get(host) ?? 0;
		if (this.active < this.total && hostActive < this.perHost && !this.waiting.has(host)) {
			this.active++;
			this.perHostActive.set(host, hostActive + 1);
			return undefined;
		}
		return new Promise((resolve) => {
			const queue = this.waiting.get(host);
			if (queue) queue.push(resolve);
			else this.waiting.set(host, [resolve]);
		});
	}

	release(host: string): void {
		this.active--;
		const hostActive = (this.perHostActive.get(host) ?? 1) - 1;
		if (hostActive === 0) this.perHostActive.delete(host);
		else this.perHostActive.set(host, hostActive);
		if (this.waiting.size === 0) return;
		// One slot was freed, so at most one waiter became grantable: the first host, in serving
		// order, that is under its own limit.
		for (const [waitingHost, queue] of this.waiting) {
			const active = this.perHostActive.get(waitingHost) ?? 0;
			if (active >= this.perHost) continue;
			const resolve = queue.shift() as () => void;
			this.waiting.delete(waitingHost);
			if (queue.length > 0) this.waiting.set(waitingHost, queue);
			this.active++;
			this.perHostActive.set(waitingHost, active + 1);
			resolve();
			return;
		}
	}

	/** Requests in flight (for tests and diagnostics). */
	get inFlight(): number {
		return this.active;
	}
}
