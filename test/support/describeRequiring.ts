// One rule for suites that need something outside npm (a real n8n, PostgreSQL, Chromium): run when it
// is there; under CI=true fail loudly when it is not (CI has every service); elsewhere skip loudly.
import { isCi } from '../../scripts/lib/ci-env';

export interface ServiceCheck {
	ok: boolean;
	/** What the suite needs, e.g. `PostgreSQL on 127.0.0.1:5432`. */
	what: string;
	/** Why it is unavailable, and how to get it. */
	reason: string;
}

export function describeRequiring(
	name: string,
	service: ServiceCheck,
	body: () => void,
	run: (name: string, body: () => void) => void = describe,
): void {
	if (service.ok) {
		run(name, body);
		return;
	}
	if (isCi()) {
		describe(name, () => {
			it(`needs ${service.what}`, () => {
				throw new Error(`${service.what} is not available: ${service.reason}`);
			});
		});
		return;
	}
	console.warn(
		`\n!!! SKIPPING "${name}": ${service.what} is not available.\n!!! ${service.reason}\n` +
			'!!! Under CI=true this fails instead.\n',
	);
	describe.skip(name, body);
}
