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

const HEX = new Uint8Array(16);
for (let i = 0; i < 16; i++) HEX[i] = '0123456789ABCDEF'.charCodeAt(i);

function safeSet(chars: string): Uint8Array {
	const table = new Uint8Array(128);
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
	for (let i = 0; i < n; i++) {
		let c = s.charCodeAt(i);
		if (c < 0x80) {
			if (safe[c] === 1) {
				buf[pos++] = c;
			} else if (c === 0x20 && plusForSpace) {
				buf[pos++] = 0x2b;
			} else {
				buf[pos] = 0x25;
				buf[pos + 1] = HEX[c >> 4];
				buf[pos + 2] = HEX[c & 15];
				pos += 3;
			}
			continue;
		}
		if (c < 0x800) {
			const b1 = 0xc0 | (c >> 6);
			const b2 = 0x80 | (c & 63);
			buf[pos] = 0x25;
			buf[pos + 1] = HEX[b1 >> 4];
			buf[pos + 2] = HEX[b1 & 15];
			buf[pos + 3] = 0x25;
			buf[pos + 4] = HEX[b2 >> 4];
			buf[pos + 5] = HEX[b2 & 15];
			pos += 6;
			continue;
		}
		if (c >= 0xd800 && c <= 0xdfff) {
			const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
			if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
				i++;
				const b0 = 0xf0 | (c >> 18);
				const b1 = 0x80 | ((c >> 12) & 63);
				buf[pos] = 0x25;
				buf[pos + 1] = HEX[b0 >> 4];
				buf[pos + 2] = HEX[b0 & 15];
				buf[pos + 3] = 0x25;
				buf[pos + 4] = HEX[b1 >> 4];
				buf[pos + 5] = HEX[b1 & 15];
				pos += 6;
			} else {
				c = 0xfffd;
				buf[pos] = 0x25;
				buf[pos + 1] = 0x45; // E
				buf[pos + 2] = 0x46; // F
				pos += 3;
			}
		} else {
			const b0 = 0xe0 | (c >> 12);
			buf[pos] = 0x25;
			buf[pos + 1] = HEX[b0 >> 4];
			buf[pos + 2] = HEX[b0 & 15];
			pos += 3;
		}
		const b2 = 0x80 | ((c >> 6) & 63);
		const b3 = 0x80 | (c & 63);
		buf[pos] = 0x25;
		buf[pos + 1] = HEX[b2 >> 4];
		buf[pos + 2] = HEX[b2 & 15];
		buf[pos + 3] = 0x25;
		buf[pos + 4] = HEX[b3 >> 4];
		buf[pos + 5] = HEX[b3 & 15];
		pos += 6;
	}
	return pos;
}

/** Copies Latin-1 bytes (a pre-encoded literal chunk) into `buf` at `pos`. */
export function writeBytes(buf: Uint8Array, pos: number, bytes: Uint8Array): number {
	const n = bytes.length;
	if (n > 32) {
		buf.set(bytes, pos);
		return pos + n;
	}
	for (let i = 0; i < n; i++) buf[pos + i] = bytes[i];
	return pos + n;
}

/** Writes a string whose code units are all ≤ 0xFF (checked by the caller) as Latin-1 bytes. */
export function writeLatin1(buf: Uint8Array, pos: number, s: string): number {
	const n = s.length;
	for (let i = 0; i < n; i++) buf[pos + i] = s.charCodeAt(i);
	return pos + n;
}

// One scratch buffer for the whole process: rendering is synchronous, so it is never shared by two
// renders at once, except when a render re-enters (a value getter that renders): that one gets a
// private buffer. Buffers grown past RETAINED_LIMIT are used once and dropped.
const RETAINED_LIMIT = 256 * 1024;
let scratch: Buffer = Buffer.allocUnsafe(16 * 1024);
let scratchBusy = false;

/** A byte sink over the shared scratch buffer; `release()` must run in a `finally`. */
export class ByteSink {
	buf: Buffer;
	private readonly owner: boolean;

	constructor() {
		this.owner = !scratchBusy;
		if (this.owner) {
			scratchBusy = true;
			this.buf = scratch;
		} else {
			this.buf = Buffer.allocUnsafe(4096);
		}
	}

	/** Makes room for `extra` more bytes after `used`; returns the (possibly new) buffer. */
	reserve(used: number, extra: number): Buffer {
		const needed = used + extra;
		if (needed <= this.buf.length) return this.buf;
		const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
		this.buf.copy(grown, 0, 0, used);
		this.buf = grown;
		if (this.owner && grown.length <= RETAINED_LIMIT) scratch = grown;
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
