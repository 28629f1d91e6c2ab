// The fast renderer for the common case: literal text and values, every value percent-encoded
// (rfc3986, component or form), literal text within Latin-1. The whole output is written as bytes
// into the shared scratch buffer and decoded once (see percentBytes.ts for why). Output is
// byte-identical to renderString.ts; the unit tests render every case through both.
import {
	ByteSink,
	COMPONENT_UNESCAPED,
	FORM_UNESCAPED,
	MAX_BYTES_PER_UNIT,
	RFC3986_UNRESERVED,
	writeBytes,
	writePercentEncoded,
} from './percentBytes';
import type { ValueEncoding } from './encode';
import { applyFilters } from './filters';
import type { Part } from './layout';
import { writeNumber } from './numberBytes';
import { MissingNames } from './renderString';
import type { MissingPolicy, RenderResult } from './types';
import { lookupSlot, type ValueSlot } from './valueSlot';
import { isMissingValue, valueToText } from './valueText';

const LIT = 0;
const VAL = 1;
const SEP = 2;
const END = 3;

const NO_VALUES: object = Object.freeze({});
const NONE: readonly string[] = Object.freeze([]);
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LATIN1 = /^[\u0000-\u00ff]*$/;
const EMPTY_BYTES = new Uint8Array(0);

/** One part, in a single object shape so the render loop stays monomorphic. */
class BytePart {
	constructor(
		readonly kind: number,
		/** Literal bytes, or for values the macro source (for `keep`). */
		readonly bytes: Uint8Array,
		readonly slot: ValueSlot | null,
		/** Separator byte for SEP parts (-1 for none). */
		readonly sep: number,
	) {}
}

const latin1 = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

/** Whether the byte renderer can render these parts. */
export function canRenderBytes(parts: readonly Part[], encoding: ValueEncoding): boolean {
	if (encoding !== 'rfc3986' && encoding !== 'component' && encoding !== 'form') return false;
	return parts.every((p) => {
		if (p.kind === 'lit') return LATIN1.test(p.text);
		if (p.kind === 'val') return p.slot.encoding === encoding && LATIN1.test(p.slot.source);
		return p.kind === 'sep' || p.kind === 'end';
	});
}

export class ByteRenderer {
	private readonly parts: BytePart[];
	private readonly safe: Uint8Array;
	private readonly plus: boolean;

	constructor(
		parts: readonly Part[],
		encoding: ValueEncoding,
		private readonly policy: MissingPolicy,
	) {
		this.parts = parts.map((p) => {
			switch (p.kind) {
				case 'lit':
					return new BytePart(LIT, latin1(p.text), null, -1);
				case 'val':
					return new BytePart(VAL, latin1(p.slot.source), p.slot, -1);
				case 'sep':
					return new BytePart(SEP, EMPTY_BYTES, null, p.ch === '' ? -1 : p.ch.charCodeAt(0));
				default:
					return new BytePart(END, EMPTY_BYTES, null, -1);
			}
		});
		this.safe =
			encoding === 'form'
				? FORM_UNESCAPED
				: encoding === 'component'
					? COMPONENT_UNESCAPED
					: RFC3986_UNRESERVED;
		this.plus = encoding === 'form';
	}

	render(input: object): RenderResult {
		const values = input !== null && typeof input === 'object' ? input : NO_VALUES;
		const parts = this.parts;
		const safe = this.safe;
		const plus = this.plus;
		const sink = new ByteSink();
		let names: MissingNames | null = null;
		let pos = 0;
		// `drop` state: where the current query pair starts, its separator byte, whether one of its
		// values is missing, and what the next `&` becomes after a dropped first pair.
		let pairStart = -1;
		let pairSep = -1;
		let pairMissing = false;
		let replaceNext = -2;
		try {
			let buf = sink.buf;
			for (let i = 0; i < parts.length; i++) {
				const part = parts[i];
				const kind = part.kind;
				if (kind === LIT) {
					const bytes = part.bytes;
					if (pos + bytes.length > buf.length) buf = sink.reserve(pos, bytes.length);
					pos = writeBytes(buf, pos, bytes);
				} else if (kind === VAL) {
					const slot = part.slot as ValueSlot;
					let value = slot.fast
						? (values as Record<string, unknown>)[slot.key as string]
						: undefined;
					if (value === undefined) value = lookupSlot(slot, values);
					const found = value;
					if (slot.filters !== null) value = applyFilters(value, slot.filters);
					if (typeof value === 'number') {
						if (pos + 32 > buf.length) buf = sink.reserve(pos, 32);
						const end = writeNumber(buf, pos, value);
						if (end >= 0) {
							pos = end;
							continue;
						}
					}
					const text = typeof value === 'string' && value !== '' ? value : valueToText(value);
					if (text === undefined) {
						if (names === null) names = new MissingNames();
						names.add(slot.name, found === undefined);
						if (this.policy === 'keep') {
							const source = part.bytes;
							if (pos + source.length > buf.length) buf = sink.reserve(pos, source.length);
							pos = writeBytes(buf, pos, source);
						} else if (this.policy === 'drop' && slot.inPair) {
							pairMissing = true;
						}
						continue;
					}
					if (slot.missingDespiteText && isMissingValue(found)) {
						if (names === null) names = new MissingNames();
						names.add(slot.name, found === undefined);
					}
					const room = text.length * MAX_BYTES_PER_UNIT;
					if (pos + room > buf.length) buf = sink.reserve(pos, room);
					pos = writePercentEncoded(buf, pos, text, safe, plus);
				} else if (kind === SEP) {
					if (pairMissing) {
						pos = pairStart;
						if (pairSep !== 0x26) replaceNext = pairSep;
						pairMissing = false;
					}
					pairStart = pos;
					pairSep = part.sep === 0x26 && replaceNext !== -2 ? replaceNext : part.sep;
					replaceNext = -2;
					if (pairSep >= 0) {
						if (pos + 1 > buf.length) buf = sink.reserve(pos, 1);
						buf[pos++] = pairSep;
					}
				} else {
					if (pairMissing) {
						pos = pairStart;
						pairMissing = false;
					}
					replaceNext = -2;
					pairStart = -1;
				}
			}
			const text = sink.text(pos);
			return names === null ? { text, missing: NONE } : names.result(text);
		} finally {
			sink.release();
		}
	}
}
