// Per-host circuit breaker: after N consecutive failed attempts a host is "open" and attempts to it
// fail fast, without a request, for a cool-down; then one probe is let through (half-open). The
// probe's outcome closes the circuit or opens it for another cool-down.
//
// "Consecutive" is by start time: a failure counts only if its attempt started after the host's
// last success. With many attempts in flight, requests that hung since before the host last
// answered time out together in one tick; they say nothing new, and must not trip a host that is
// answering most requests. A dead host has no success to compare with, so every failure counts.
//
// A failure here means the host did not answer usefully (transport error or 5xx); a 4xx or 429 is a
// live host answering, so it does not count. That judgement is the caller's: see `record`.
import { DeliveryConfigError } from './errors';

export interface CircuitBreakerOptions {
	/** Consecutive failures that open a host's circuit. Default 20. */
	failureThreshold?: number;
	/** How long an open circuit refuses before letting a probe through. Default 30 s. */
	coolDownMs?: number;
	/** Clock (ms). Default `Date.now`. */
	now?: () => number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export type CircuitPermit =
	| { allowed: true; probe: boolean }
	/** `retryAtMs`: the earliest time a new attempt could be let through. */
	| { allowed: false; retryAtMs: number };

/** `neutral`: the attempt said nothing about the host (aborted, refused locally). */
export type CircuitOutcome = 'success' | 'failure' | 'neutral';

export const DEFAULT_FAILURE_THRESHOLD = 20;
export const DEFAULT_COOL_DOWN_MS = 30_000;

interface HostCircuit {
	/** Failures counted since the last success. */
	failures: number;
	/** When the last success was recorded; attempts that started earlier are not counted. */
	lastSuccessAt: number;
	open: boolean;
	/** When the cool-down of an open circuit ends. */
	openUntil: number;
	probing: boolean;
}

const ALLOWED: CircuitPermit = { allowed: true, probe: false };
const PROBE: CircuitPermit = { allowed: true, probe: true };

export class CircuitBreaker {
	private readonly hosts = new Map<string, HostCircuit>();
	private readonly threshold: number;
	private readonly coolDownMs: number;
	private readonly now: () => number;

	constructor(options: CircuitBreakerOptions = {}) {
		this.threshold = options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
		this.coolDownMs = options.coolDownMs ?? DEFAULT_COOL_DOWN_MS;
		this.now = options.now ?? Date.now;
		if (!Number.isInteger(this.threshold) || this.threshold < 1) {
			throw new DeliveryConfigError('failureThreshold must be a whole number of at least 1');
		}
		if (!(this.coolDownMs >= 0 && this.coolDownMs < Infinity)) {
			throw new DeliveryConfigError('coolDownMs must be a non-negative number of milliseconds');
		}
	}

	/** Asks to make an attempt to `host`. A granted probe must be followed by `record(..., true)`. */
	permit(host: string): CircuitPermit {
		const circuit = this.hosts.get(host);
		if (!circuit || !circuit.open) return ALLOWED;
		const now = this.now();
		if (now < circuit.openUntil) return { allowed: false, retryAtMs: circuit.openUntil };
		if (circuit.probing) return { allowed: false, retryAtMs: now + this.coolDownMs };
		circuit.probing = true;
		return PROBE;
	}

	/**
	 * Reports how an attempt went: `probe` is the permit's flag, `startedAt` when the attempt began
	 * (default: now, i.e. the failure always counts).
	 */
	record(host: string, outcome: CircuitOutcome, probe: boolean, startedAt = this.now()): void {
		let circuit = this.hosts.get(host);
		if (!circuit) {
			if (outcome === 'neutral') return;
			circuit = {
				failures: 0,
				lastSuccessAt: -Infinity,
				open: false,
				openUntil: 0,
				probing: false,
			};
			this.hosts.set(host, circuit);
		}
		if (probe) circuit.probing = false;
		if (outcome === 'success') {
			// Any answer closes the circuit, a late one from before it opened included.
			circuit.failures = 0;
			circuit.lastSuccessAt = this.now();
			circuit.open = false;
			return;
		}
		if (outcome === 'neutral') return;
		if (probe) {
			this.open(circuit);
			return;
		}
		// Failures of attempts that started before the last success, or while the circuit was
		// already open, change nothing.
		if (circuit.open || startedAt < circuit.lastSuccessAt) return;
		if (++circuit.failures >= this.threshold) this.open(circuit);
	}

	state(host: string): CircuitState {
		const circuit = this.hosts.get(host);
		if (!circuit || !circuit.open) return 'closed';
		return this.now() < circuit.openUntil ? 'open' : 'half-open';
	}

	private open(circuit: HostCircuit): void {
		circuit.open = true;
		circuit.openUntil = this.now() + this.coolDownMs;
	}
}
