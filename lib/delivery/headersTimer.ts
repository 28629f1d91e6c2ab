// A precise response-headers timeout, with undici's semantics: it starts when the request is
// handed to a connected socket (undici's `onConnect`; connecting has its own timeout) and ends at
// the final response headers. undici's own `headersTimeout` runs on "fast timers" that tick about
// every 500 ms (node_modules/undici/lib/util/timers.js, RESOLUTION_MS), so a 200 ms limit fired
// after up to a second; this is one plain `setTimeout` per request, set through an interceptor on
// the run's dispatcher, so no AbortController is needed.
import type { Dispatcher } from 'undici';

/** Request options understood by the interceptor. */
export interface TimedRequestOptions {
	/** Milliseconds from `onConnect` to the final response headers. */
	headersDeadlineMs?: number;
	/** The error the request fails with when the time runs out. */
	headersDeadlineError?: () => Error;
}

type Handler = Dispatcher.DispatchHandler & Record<string, unknown>;
type AnyFunction = (...args: unknown[]) => unknown;

const composed = new WeakMap<Dispatcher, Dispatcher>();

/** The dispatcher with the interceptor in front; built once per dispatcher. */
export function withHeadersTimer(dispatcher: Dispatcher): Dispatcher {
	// A caller's dispatcher from an undici without interceptors keeps undici's own timer.
	if (typeof dispatcher.compose !== 'function') return dispatcher;
	let timed = composed.get(dispatcher);
	if (!timed) {
		timed = dispatcher.compose(
			(dispatch) => (opts, handler) => {
				const { headersDeadlineMs, headersDeadlineError } = opts as TimedRequestOptions;
				if (headersDeadlineMs === undefined || !headersDeadlineError) {
					return dispatch(opts, handler);
				}
				return dispatch(
					opts,
					timedHandler(handler as Handler, headersDeadlineMs, headersDeadlineError),
				);
			},
		);
		composed.set(dispatcher, timed);
	}
	return timed;
}

/** Wraps undici's (legacy-style) request handler: every call passes through unchanged. */
function timedHandler(inner: Handler, limitMs: number, error: () => Error): Handler {
	let timer: NodeJS.Timeout | undefined;
	const stop = () => {
		if (timer !== undefined) clearTimeout(timer);
		timer = undefined;
	};
	const pass =
		(name: string) =>
		(...args: unknown[]) =>
			(inner[name] as AnyFunction | undefined)?.apply(inner, args);
	return {
		onConnect(abort: (reason?: Error) => void, context?: unknown) {
			stop();
			timer = setTimeout(() => abort(error()), limitMs);
			return (inner.onConnect as AnyFunction).call(inner, abort, context);
		},
		onHeaders(statusCode: number, ...rest: unknown[]) {
			// 1xx informational responses are not the answer.
			if (statusCode >= 200) stop();
			return (inner.onHeaders as AnyFunction).call(inner, statusCode, ...rest);
		},
		onError(reason: Error) {
			stop();
			return (inner.onError as AnyFunction).call(inner, reason);
		},
		onComplete(...args: unknown[]) {
			stop();
			return (inner.onComplete as AnyFunction).apply(inner, args);
		},
		onUpgrade(...args: unknown[]) {
			stop();
			return (inner.onUpgrade as AnyFunction | undefined)?.apply(inner, args);
		},
		onData: pass('onData'),
		onBodySent: pass('onBodySent'),
		onRequestSent: pass('onRequestSent'),
		onResponseStarted: pass('onResponseStarted'),
	} as unknown as Handler;
}
