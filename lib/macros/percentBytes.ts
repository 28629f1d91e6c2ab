// Byte-level UTF-8 percent-encoding into a reused scratch buffer.
//
// Why bytes: a postback URL is ~10 substituted values between literal chunks, and encoding them is
// the whole cost of rendering. `encodeURIComponent` crosses into C++ once per value and still needs
// an extra `replace` for RFC 3986; string concatenation of escapes builds a rope that is flattened
// later. Writing every byte of the output into one buffer and turning it into a flat string with a
// single `latin1` decode costs one native call per render instead of one per value.
//
// Lone surrogates are written as U+FFFD (`%EF%BF%BD`), as the WHATWG URL and TextEncoder do,
// instead of throwing like `encodeURIComponent`.

const HEX_DIGITS = '0123456789ABCDEF';
/** Upper- and lower-nibble hex digit of every byte value. */
const HI = new Uint8Array(256);
const LO = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
	HI[i] = HEX_DIGITS.charCodeAt(i >> 4);
	LO[i] = HEX_DIGITS.charCodeAt(i & 15);
}

// One entry per UTF-16 code unit (64 KiB): the hot loop then needs a single load per character
// to know it is passed through, instead of a range check plus a load.
function safeSet(chars: string): Uint8Array {
	const table = new Uint8Array(0x10000);
	for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
	return table;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** RFC 3986 unreserved: `A–Z a–z 0–9 - . _ ~`. Everything else is percent-encoded. */
export const RFC3986_UNRESERVED = safeSet(ALNUM + '-._~');
/** What `encodeURIComponent` leaves alone: unreserved plus `! ' ( ) *`. */
export const COMPONENT_UNESCAPED = safeSet(ALNUM + "-._~!'()*");
/** WHATWG application/x-www-form-urlencoded: alphanumerics and `* - . _`; space becomes `+`. */
export const FORM_UNESCAPED = safeSet(ALNUM + '*-._');

/** Upper bound of encoded bytes per UTF-16 code unit (a 3-byte UTF-8 char → `%XX%XX%XX`). */
export const MAX_BYTES_PER_UNIT = 9;

/** Writes byte `b` as `%XX` at `pos`; small enough for V8 to inline into the loop below. */
function writeEscape(buf: Uint8Array, pos: number, b: number): number {
	buf[pos] = 0x25;
	buf[pos + 1] = HI[b];
	buf[pos + 2] = LO[b];
	return pos + 3;
}

/**
 * Writes `s` percent-encoded into `buf` at `pos` and returns the new position. The caller guarantees
 * `buf.length - pos >= s.length * MAX_BYTES_PER_UNIT`.
 */
export function writePercentEncoded(
	buf: Uint8Array,
	pos: number,
	s: string,
	safe: Uint8Array,
	plusForSpace: boolean,
): number {
	const n = s.length;
	let i = 0;
	while (i < n) {
		let c = s.charCodeAt(i);
		// Most of a value is unreserved ASCII: copy such runs in a tight loop.
		while (safe[c] === 1) {
			buf[pos++] = c;
			if (++i === n) return pos;
			c = s.charCodeAt(i);
		}
		i++;
		if (c < 0x80) {
			if (c === 0x20 && plusForSpace) buf[pos++] = 0x2b;
			else pos = writeEscape(buf, pos, c);
			continue;
		}
		if (c < 0x800) {
			pos = writeEscape(buf, pos, 0xc0 | (c >> 6));
			pos = writeEscape(buf, pos, 0x80 | (c & 63));
			continue;
		}
		if (c < 0xd800 || c > 0xdfff) {
			pos = writeEscape(buf, pos, 0xe0 | (c >> 12));
		} else {
			const d = i < n ? s.charCodeAt(i) : 0;
			if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
				i++;
				pos = writeEscape(buf, pos, 0xf0 | (c >> 18));
				pos = writeEscape(buf, pos, 0x80 | ((c >> 12) & 63));
			} else {
				c = 0xfffd; // a lone surrogate: U+FFFD, as the WHATWG URL and TextEncoder write it
				pos = writeEscape(buf, pos, 0xef);
			}
		}
		// The last two bytes of a 3- or 4-byte sequence.
		pos = writeEscape(buf, pos, 0x80 | ((c >> 6) & 63));
		pos = writeEscape(buf, pos, 0x80 | (c & 63));
	}
	return pos;
}

/**
 * A literal chunk pre-split into little-endian 32-bit words plus a byte tail: copying four bytes
 * per DataView store instead of one per typed-array store roughly halves the cost of writing a
 * template's literal text.
 */
export interface PackedBytes {
	readonly length: number;
	readonly words: Uint32Array;
	readonly tail: Uint8Array;
	/** The same bytes, unpacked. */
	readonly bytes: Uint8Array;
}

export function packBytes(bytes: Uint8Array): PackedBytes {
	const whole = bytes.length - (bytes.length % 4);
	const words = new Uint32Array(whole / 4);
	for (let i = 0; i < whole; i += 4) {
		words[i / 4] =
			(bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) >>> 0;
	}
	return { length: bytes.length, words, tail: bytes.subarray(whole), bytes };
}

/** Copies a packed chunk into the sink at `pos` (room already reserved). */
export function writePacked(
	view: DataView,
	buf: Uint8Array,
	pos: number,
	chunk: PackedBytes,
): number {
	const words = chunk.words;
	let at = pos;
	for (let i = 0; i < words.length; i++) {
		view.setUint32(at, words[i], true);
		at += 4;
	}
	const tail = chunk.tail;
	for (let i = 0; i < tail.length; i++) buf[at + i] = tail[i];
	return pos + chunk.length;
}

// One scratch buffer for the whole process: rendering is synchronous, so it is never shared by two
// renders at once, except when a render re-enters (a value getter that renders): that one gets a
// private buffer. Buffers grown past RETAINED_LIMIT are used once and dropped.
const RETAINED_LIMIT = 256 * 1024;
const viewOf = (buf: Buffer) => new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
let scratch: Buffer = Buffer.allocUnsafe(16 * 1024);
let scratchView = viewOf(scratch);
let scratchBusy = false;

/** A byte sink over the shared scratch buffer; `release()` must run in a `finally`. */
export class ByteSink {
	buf: Buffer;
	view: DataView;
	private readonly owner: boolean;

	constructor() {
		this.owner = !scratchBusy;
		if (this.owner) {
			scratchBusy = true;
			this.buf = scratch;
			this.view = scratchView;
		} else {
			this.buf = Buffer.allocUnsafe(4096);
			this.view = viewOf(this.buf);
		}
	}

	/** Makes room for `extra` more bytes after `used`; returns the (possibly new) buffer. */
	reserve(used: number, extra: number): Buffer {
		const needed = used + extra;
		if (needed <= this.buf.length) return this.buf;
		const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
		this.buf.copy(grown, 0, 0, used);
		this.buf = grown;
		this.view = viewOf(grown);
		if (this.owner && grown.length <= RETAINED_LIMIT) {
			scratch = grown;
			scratchView = this.view;
		}
		return grown;
	}

	text(end: number): string {
		return this.buf.toString('latin1', 0, end);
	}

	release(): void {
		if (this.owner) scratchBusy = false;
	}
}

/** Percent-encodes a whole string (the string-returning encoders' slow path). */
export function percentEncodeString(s: string, safe: Uint8Array, plusForSpace: boolean): string {
	const sink = new ByteSink();
	try {
		const buf = sink.reserve(0, s.length * MAX_BYTES_PER_UNIT);
		return sink.text(writePercentEncoded(buf, 0, s, safe, plusForSpace));
	} finally {
		sink.release();
	}
}
