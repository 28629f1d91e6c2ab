// The general renderer: every part kind, every encoding. Builds the output string by
// concatenation. Templates that are only text and values in a percent-encoded context use the
// byte renderer (renderBytes.ts) instead; both must produce identical output.
import { hasControlCharacter } from '../security/httpSyntax';
import { encodeRfc3986, encodeValue, type ValueEncoding } from './encode';
import { MacroValueError } from './errors';
import { applyFilters } from './filters';
import { truthy, type Part } from './layout';
import type { MissingPolicy, RenderResult } from './types';
import { lookupSlot, type ValueSlot } from './valueSlot';
import { isMissingValue, valueToText } from './valueText';

const NO_VALUES: object = Object.freeze({});
const NONE: readonly string[] = Object.freeze([]);

/** Missing/unknown names collected during one render, in order, without duplicates. */
export class MissingNames {
	missing: string[] | null = null;
	unknown: string[] | null = null;

	add(name: string, unknown: boolean): void {
		if (this.missing === null) this.missing = [name];
		else if (!this.missing.includes(name)) this.missing.push(name);
		if (!unknown) return;
		if (this.unknown === null) this.unknown = [name];
		else if (!this.unknown.includes(name)) this.unknown.push(name);
	}

	result(text: string): RenderResult {
		const missing = this.missing ?? NONE;
		return this.unknown === null ? { text, missing } : { text, missing, unknown: this.unknown };
	}
}

export function rawUrlValueError(slot: ValueSlot): MacroValueError {
	return new MacroValueError(
		slot.source,
		`The value of ${slot.source} contains a control character; raw (unencoded) values in a URL ` +
			'must not contain CR, LF, TAB or other control characters',
	);
}

/** Looks up, filters and stringifies a slot; records it as missing when it has no value. */
function slotText(slot: ValueSlot, values: object, names: MissingNames): string | undefined {
	const found = lookupSlot(slot, values);
	const value = slot.filters === null ? found : applyFilters(found, slot.filters);
	const text = valueToText(value);
	if (text === undefined) {
		names.add(slot.name, found === undefined);
		return undefined;
	}
	if (slot.missingDespiteText && isMissingValue(found)) names.add(slot.name, found === undefined);
	if (slot.rawInUrl && hasControlCharacter(text)) throw rawUrlValueError(slot);
	return encodeValue(text, slot.encoding, slot.source);
}

class StringRun {
	out = '';
	private pairStart = -1;
	private pairSep = '';
	private pairMissing = false;
	/** After a dropped first pair, the next `&` is written as this (`?` or nothing). */
	private replaceNext: string | null = null;
	readonly names = new MissingNames();

	constructor(
		private readonly values: object,
		private readonly policy: MissingPolicy,
		private readonly encoding: ValueEncoding,
	) {}

	parts(parts: readonly Part[]): void {
		for (const part of parts) {
			switch (part.kind) {
				case 'lit':
					this.out += part.text;
					break;
				case 'val': {
					const text = slotText(part.slot, this.values, this.names);
					if (text === undefined) this.absent(part.slot.source, part.slot.inPair);
					else this.out += text;
					break;
				}
				case 'sep':
					this.closePair();
					this.pairStart = this.out.length;
					this.pairSep = part.ch === '&' && this.replaceNext !== null ? this.replaceNext : part.ch;
					this.replaceNext = null;
					this.out += this.pairSep;
					break;
				case 'end':
					this.closePair();
					this.replaceNext = null;
					this.pairStart = -1;
					break;
				case 'if':
					this.parts(this.chooseBranch(part));
					break;
				case 'block': {
					const text = this.block(part, this.names);
					if (text === undefined) this.absent(part.source, part.inPair);
					else this.out += encodeValue(text, this.encoding, part.source);
					break;
				}
			}
		}
	}

	private chooseBranch(part: Extract<Part, { kind: 'if' }>): readonly Part[] {
		for (const branch of part.branches) {
			if (truthy(branch.test(this.values))) return branch.body;
		}
		return part.otherwise;
	}

	private absent(source: string, inPair: boolean): void {
		if (this.policy === 'keep') this.out += source;
		else if (this.policy === 'drop' && inPair) this.pairMissing = true;
	}

	private closePair(): void {
		if (!this.pairMissing) return;
		this.out = this.out.slice(0, this.pairStart);
		if (this.pairSep !== '&') this.replaceNext = this.pairSep;
		this.pairMissing = false;
	}

	/** A function tag: its content unencoded, then its transform; undefined when it has no value. */
	private block(part: Extract<Part, { kind: 'block' }>, outer: MissingNames): string | undefined {
		const inner = new MissingNames();
		const content = this.content(part.body, inner);
		let text: string | undefined;
		if (content !== '' || inner.missing === null) {
			text = valueToText(applyFilters(content, part.filters));
		}
		if (text === undefined) {
			const names = inner.missing ?? (part.names.length ? part.names : [part.source]);
			for (const name of names) outer.add(name, inner.unknown?.includes(name) ?? false);
			return undefined;
		}
		return part.encodeNow ? encodeRfc3986(text) : text;
	}

	private content(parts: readonly Part[], names: MissingNames): string {
		let s = '';
		for (const part of parts) {
			switch (part.kind) {
				case 'lit':
					s += part.text;
					break;
				case 'val':
					s += slotText(part.slot, this.values, names) ?? '';
					break;
				case 'if':
					s += this.content(this.chooseBranch(part), names);
					break;
				case 'block':
					s += this.block(part, names) ?? '';
					break;
				default:
			}
		}
		return s;
	}
}

export function renderString(
	parts: readonly Part[],
	values: object,
	policy: MissingPolicy,
	encoding: ValueEncoding,
): RenderResult {
	const run = new StringRun(
		values !== null && typeof values === 'object' ? values : NO_VALUES,
		policy,
		encoding,
	);
	run.parts(parts);
	return run.names.result(run.out);
}
