// The error a call throws, for tests that check its type and fields rather than only its message.

/** What `run` throws; the test fails when it throws nothing or something that is not a `type`. */
export function caught<E extends Error>(
	run: () => unknown,
	type: abstract new (...args: never[]) => E,
): E {
	try {
		run();
	} catch (error) {
		if (error instanceof type) return error;
		throw error;
	}
	throw new Error(`expected a ${type.name}, but nothing was thrown`);
}
