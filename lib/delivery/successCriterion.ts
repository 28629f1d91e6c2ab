// When a response counts as delivered. Some networks answer 200 with an error in the body, so the
// body can be part of the test; a body test still requires a 2xx status.
import { DeliveryConfigError } from './errors';

export type SuccessCriterionSpec =
	| { type: 'any2xx' }
	/** Exactly this status, e.g. 200 (Singular and AppMetrica count only 200 as success). */
	| { type: 'status'; status: number }
	/** A 2xx whose body contains this text (case-sensitive). */
	| { type: 'bodyContains'; text: string }
	/** A 2xx whose body matches this regular expression. */
	| { type: 'bodyMatches'; pattern: string; flags?: string };

export interface SuccessCriterion {
	/** Whether the response body must be read to decide. */
	readonly needsBody: boolean;
	/** A short description for error messages, e.g. `body contains "OK"`. */
	readonly description: string;
	isSuccess(status: number, body: string | undefined): boolean;
}

const isOk = (status: number) => status >= 200 && status < 300;

export const ANY_2XX: SuccessCriterion = {
	needsBody: false,
	description: 'any 2xx status',
	isSuccess: isOk,
};

/** Builds the criterion; the default is any 2xx. Throws DeliveryConfigError on a bad spec. */
export function createSuccessCriterion(spec?: SuccessCriterionSpec): SuccessCriterion {
	if (!spec || spec.type === 'any2xx') return ANY_2XX;
	switch (spec.type) {
		case 'status': {
			const expected = spec.status;
			if (!Number.isInteger(expected) || expected < 200 || expected > 299) {
				throw new DeliveryConfigError('The success status must be a 2xx code');
			}
			return {
				needsBody: false,
				description: `status ${expected}`,
				isSuccess: (status) => status === expected,
			};
		}
		case 'bodyContains': {
			const text = spec.text;
			if (typeof text !== 'string' || text.length === 0) {
				throw new DeliveryConfigError('The success text to look for in the body is empty');
			}
			return {
				needsBody: true,
				description: `a 2xx whose body contains ${JSON.stringify(text)}`,
				isSuccess: (status, body) => isOk(status) && body !== undefined && body.includes(text),
			};
		}
		case 'bodyMatches': {
			let pattern: RegExp;
			try {
				// No `g`/`y`: those make `test` stateful across calls.
				pattern = new RegExp(spec.pattern, (spec.flags ?? '').replace(/[gy]/g, ''));
			} catch (error) {
				throw new DeliveryConfigError(
					`The success pattern is not a valid regular expression: ${(error as Error).message}`,
				);
			}
			return {
				needsBody: true,
				description: `a 2xx whose body matches ${String(pattern)}`,
				isSuccess: (status, body) => isOk(status) && body !== undefined && pattern.test(body),
			};
		}
		default:
			throw new DeliveryConfigError(
				`Unknown success criterion "${(spec as { type: string }).type}"`,
			);
	}
}
