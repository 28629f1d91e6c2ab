import { CircuitBreaker } from '../../../lib/delivery/circuitBreaker';
import { fakeClock } from './helpers';

const HOST = 'https://net.test';

function breaker(failureThreshold = 3, coolDownMs = 10_000) {
	const clock = fakeClock(0);
	return { clock, breaker: new CircuitBreaker({ failureThreshold, coolDownMs, now: clock.now }) };
}

function fail(b: CircuitBreaker, times: number, host = HOST) {
	for (let i = 0; i < times; i++) b.record(host, 'failure', false);
}

describe('CircuitBreaker', () => {
	it('stays closed below the threshold, and a success resets the count', () => {
		const { breaker: b } = breaker();
		fail(b, 2);
		b.record(HOST, 'success', false);
		fail(b, 2);
		expect(b.state(HOST)).toBe('closed');
		expect(b.permit(HOST)).toEqual({ allowed: true, probe: false });
	});

	it('opens after N consecutive failures and refuses until the cool-down ends', () => {
		const { breaker: b, clock } = breaker();
		fail(b, 3);
		expect(b.state(HOST)).toBe('open');
		expect(b.permit(HOST)).toEqual({ allowed: false, retryAtMs: 10_000 });
		clock.advance(9_999);
		expect(b.permit(HOST).allowed).toBe(false);
	});

	it('keeps hosts apart', () => {
		const { breaker: b } = breaker();
		fail(b, 3);
		expect(b.permit('https://other.test')).toEqual({ allowed: true, probe: false });
	});

	it('lets a single probe through after the cool-down (half-open)', () => {
		const { breaker: b, clock } = breaker();
		fail(b, 3);
		clock.advance(10_000);
		expect(b.state(HOST)).toBe('half-open');
		expect(b.permit(HOST)).toEqual({ allowed: true, probe: true });
		expect(b.permit(HOST)).toEqual({ allowed: false, retryAtMs: 20_000 });
	});

	it('closes when the probe succeeds', () => {
		const { breaker: b, clock } = breaker();
		fail(b, 3);
		clock.advance(10_000);
		b.permit(HOST);
		b.record(HOST, 'success', true);
		expect(b.state(HOST)).toBe('closed');
		expect(b.permit(HOST)).toEqual({ allowed: true, probe: false });
	});

	it('re-opens for another cool-down when the probe fails', () => {
		const { breaker: b, clock } = breaker();
		fail(b, 3);
		clock.advance(10_000);
		b.permit(HOST);
		clock.advance(500);
		b.record(HOST, 'failure', true);
		expect(b.permit(HOST)).toEqual({ allowed: false, retryAtMs: 20_500 });
	});

	it('frees the probe slot when the probe says nothing (neutral)', () => {
		const { breaker: b, clock } = breaker();
		fail(b, 3);
		clock.advance(10_000);
		b.permit(HOST);
		b.record(HOST, 'neutral', true);
		expect(b.permit(HOST)).toEqual({ allowed: true, probe: true });
	});

	it('ignores late failures while open, but closes on a late success', () => {
		const { breaker: b, clock } = breaker();
		fail(b, 3);
		fail(b, 10);
		clock.advance(10_000);
		expect(b.state(HOST)).toBe('half-open');
		b.record(HOST, 'success', false);
		expect(b.state(HOST)).toBe('closed');
	});

	it('opens on the first failure with a threshold of 1, at clock time 0 too', () => {
		const { breaker: b } = breaker(1, 0);
		b.record(HOST, 'failure', false);
		expect(b.state(HOST)).toBe('half-open');
		expect(b.permit(HOST)).toEqual({ allowed: true, probe: true });
	});

	it('ignores failures of attempts that started before the last success (a batch of stale timeouts)', () => {
		const { breaker: b, clock } = breaker();
		const hungSince = clock.now();
		clock.advance(100);
		b.record(HOST, 'success', false, clock.now() - 5);
		clock.advance(400);
		// Ten requests that hung since before that success time out together.
		for (let i = 0; i < 10; i++) b.record(HOST, 'failure', false, hungSince);
		expect(b.state(HOST)).toBe('closed');
		// Attempts started after the success do count.
		fail(b, 3);
		expect(b.state(HOST)).toBe('open');
	});

	it('neutral outcomes do not count as failures', () => {
		const { breaker: b } = breaker();
		fail(b, 2);
		b.record(HOST, 'neutral', false);
		b.record(HOST, 'neutral', false);
		expect(b.state(HOST)).toBe('closed');
	});

	it('refuses a bad configuration', () => {
		expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(/failureThreshold/);
		expect(() => new CircuitBreaker({ coolDownMs: -1 })).toThrow(/coolDownMs/);
	});
});
