// The fast renderer for the common case: literal text and values, every value percent-encoded
// (rfc3986, component or form), literal text within Latin-1. The whole output is written as bytes
// into the shared scratch buffer and decoded once (see percentBytes.ts for why). Output is
// byte-identical to renderString.ts; the unit tests render every case through both.
import type { ValueEncoding } from './encode';
import { applyFilters } from './filters';
import type { Part } from './layout';
import { writeNumber } from './numberBytes';
import {
	ByteSink,
	COMPONENT_UNESCAPED,
	FORM_UNESCAPED,
	MAX_BYTES_PER_UNIT,
	packBytes,
	RFC3986_UNRESERVED,
	writePacked,
	writePercentEncoded,
	type PackedBytes,
} from './percentBytes';
import { MissingNames } from './renderString';
import type { MissingPolicy, RenderResult } from './types';
import { lookupSlot, type ValueSlot } from './valueSlot';
import { isMissingValue, valueToText } from './valueText';

const LIT = 0;
const VAL = 1;
const SEP = 2;
const END = 3;

const NO_VALUES: object = Object.freeze({});
// eslint-disable-next-line no-control-regex -- any Latin-1 character, control characters included
const LATIN1 = /^[\u0000-\u00ff]*$/;
const NOTHING = packBytes(new Uint8Array(0));
/** What `writeValue` returns for a value that is missing. */
const MISSING = -1;

/** One part of a template with query pairs, in a single shape so the loop stays monomorphic. */
class BytePart {
	constructor(
		readonly kind: number,
		/** Literal bytes, or for values the macro as written (for `keep`). */
		readonly bytes: PackedBytes,
		readonly slot: ValueSlot | null,
		/** Separator byte for SEP parts (-1 for none). */
		readonly sep: number,
	) {}
}

const packLatin1 = (s: string) => packBytes(Uint8Array.from(Buffer.from(s, 'latin1')));

/** Whether the byte renderer can render these parts. */
export function canRenderBytes(parts: readonly Part[], encoding: ValueEncoding): boolean {
	if (encoding !== 'rfc3986' && encoding !== 'component' && encoding !== 'form') return false;
	return parts.every((p) => {
		if (p.kind === 'lit') return LATIN1.test(p.text);
		if (p.kind === 'val') return p.slot.encoding === encoding && LATIN1.test(p.slot.source);
		return p.kind === 'sep' || p.kind === 'end';
	});
}

/**
 * Looks up, filters and writes one value at `pos`; returns the new position, or MISSING. The sink
 * may grow (re-read `sink.buf` / `sink.view` afterwards).
 */
function writeValue(
	sink: ByteSink,
	pos: number,
	slot: ValueSlot,
	values: object,
	safe: Uint8Array,
	plus: boolean,
	names: MissingNames,
): number {
	let value = slot.fast ? (values as Record<string, unknown>)[slot.key as string] : undefined;
	if (value === undefined) value = lookupSlot(slot, values);
	const found = value;
	if (slot.filters !== null) value = applyFilters(value, slot.filters);
	if (typeof value === 'number') {
		const buf = pos + 32 > sink.buf.length ? sink.reserve(pos, 32) : sink.buf;
		const end = writeNumber(buf, pos, value);
		if (end >= 0) return end;
	}
	const text = typeof value === 'string' && value !== '' ? value : valueToText(value);
	if (text === undefined) {
		names.add(slot.name, found === undefined);
		return MISSING;
	}
	if (slot.missingDespiteText && isMissingValue(found)) names.add(slot.name, found === undefined);
	const room = text.length * MAX_BYTES_PER_UNIT;
	const buf = pos + room > sink.buf.length ? sink.reserve(pos, room) : sink.buf;
	return writePercentEncoded(buf, pos, text, safe, plus);
}

function writeChunk(sink: ByteSink, pos: number, chunk: PackedBytes): number {
	if (pos + chunk.length > sink.buf.length) sink.reserve(pos, chunk.length);
	return writePacked(sink.view, sink.buf, pos, chunk);
}

export class ByteRenderer {
	private readonly safe: Uint8Array;
	private readonly plus: boolean;
	/** Templates without query pairs: literal, value, literal, … (`literals.length = slots.length + 1`). */
	private readonly literals: PackedBytes[] = [];
	private readonly slots: ValueSlot[] = [];
	private readonly keepText: PackedBytes[] = [];
	/** Templates with query pairs (the `drop` policy). */
	private readonly parts: BytePart[] | null = null;

	constructor(
		parts: readonly Part[],
		encoding: ValueEncoding,
		private readonly policy: MissingPolicy,
	) {
		this.safe =
			encoding === 'form'
				? FORM_UNESCAPED
				: encoding === 'component'
					? COMPONENT_UNESCAPED
					: RFC3986_UNRESERVED;
		this.plus = encoding === 'form';
		if (parts.some((p) => p.kind === 'sep' || p.kind === 'end')) {
			this.parts = parts.map((p) => {
				switch (p.kind) {
					case 'lit':
						return new BytePart(LIT, packLatin1(p.text), null, -1);
					case 'val':
						return new BytePart(VAL, packLatin1(p.slot.source), p.slot, -1);
					case 'sep':
						return new BytePart(SEP, NOTHING, null, p.ch === '' ? -1 : p.ch.charCodeAt(0));
					default:
						return new BytePart(END, NOTHING, null, -1);
				}
			});
			return;
		}
		let text = '';
		for (const p of parts) {
			if (p.kind === 'lit') {
				text += p.text;
			} else if (p.kind === 'val') {
				this.literals.push(packLatin1(text));
				this.slots.push(p.slot);
				this.keepText.push(packLatin1(p.slot.source));
				text = '';
			}
		}
		this.literals.push(packLatin1(text));
	}

	render(input: object): RenderResult {
		const values = input !== null && typeof input === 'object' ? input : NO_VALUES;
		return this.parts === null ? this.renderFlat(values) : this.renderPairs(values, this.parts);
	}

	private renderFlat(values: object): RenderResult {
		const { literals, slots, safe, plus } = this;
		const keep = this.policy === 'keep';
		const names = new MissingNames();
		const sink = new ByteSink();
		try {
			let pos = writeChunk(sink, 0, literals[0]);
			for (let i = 0; i < slots.length; i++) {
				const end = writeValue(sink, pos, slots[i], values, safe, plus, names);
				if (end !== MISSING) pos = end;
				else if (keep) pos = writeChunk(sink, pos, this.keepText[i]);
				pos = writeChunk(sink, pos, literals[i + 1]);
			}
			return names.result(sink.text(pos));
		} finally {
			sink.release();
		}
	}

	private renderPairs(values: object, parts: readonly BytePart[]): RenderResult {
		const { safe, plus, policy } = this;
		const names = new MissingNames();
		const sink = new ByteSink();
		let pos = 0;
		// Where the current query pair starts, its separator byte, whether one of its values is
		// missing, and what the next `&` becomes after a dropped first pair (-2: itself).
		let pairStart = -1;
		let pairSep = -1;
		let pairMissing = false;
		let replaceNext = -2;
		try {
			for (let i = 0; i < parts.length; i++) {
				const part = parts[i];
				const kind = part.kind;
				if (kind === LIT) {
					pos = writeChunk(sink, pos, part.bytes);
				} else if (kind === VAL) {
					const slot = part.slot as ValueSlot;
					const end = writeValue(sink, pos, slot, values, safe, plus, names);
					if (end !== MISSING) pos = end;
					else if (policy === 'keep') pos = writeChunk(sink, pos, part.bytes);
					else if (policy === 'drop' && slot.inPair) pairMissing = true;
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
						const buf = pos + 1 > sink.buf.length ? sink.reserve(pos, 1) : sink.buf;
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
			return names.result(sink.text(pos));
		} finally {
			sink.release();
		}
	}
}
