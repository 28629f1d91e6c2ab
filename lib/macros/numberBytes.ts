// Writes a number's decimal text straight into a byte buffer, byte-identical to `String(value)`.
//
// Why: revenue and timestamps are numbers in the canonical event, and V8's number-to-string costs
// ~150 ns per call on this class of machine, as much as percent-encoding a whole value. Integers
// up to 2^53 and decimals with at most 6 fractional digits (the shapes money and times take) are
// written here; everything else returns -1 and the caller falls back to `String(value)`.
//
// Why the decimal path equals `String(value)`: for |v| < 1e9 and k ≤ 6, decimals with k digits are
// 10^-k apart while doubles there are < 2^-22 apart, so at most one k-digit decimal round-trips to
// v; the smallest k that round-trips gives the shortest digit string, which is what ECMAScript's
// Number::toString picks, and |v ± 0.5 ulp| keeps Math.round on the right integer.

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];
const MAX_SAFE = 9007199254740991;

/** "00".."99" as byte pairs: two digits per division. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
	PAIRS[2 * i] = 48 + Math.floor(i / 10);
	PAIRS[2 * i + 1] = 48 + (i % 10);
}

/** Writes the non-negative integer `n` (< 2^53) with at least `minDigits` digits. */
function writeDigits(buf: Uint8Array, pos: number, n: number, minDigits: number): number {
	let digits = 1;
	for (let p = 10; p <= n; p *= 10) digits++;
	if (digits < minDigits) digits = minDigits;
	let at = pos + digits;
	while (n >= 100) {
		const q = Math.floor(n / 100);
		const r = 2 * (n - q * 100);
		buf[--at] = PAIRS[r + 1];
		buf[--at] = PAIRS[r];
		n = q;
	}
	if (n >= 10) {
		buf[--at] = PAIRS[2 * n + 1];
		buf[--at] = PAIRS[2 * n];
	} else {
		buf[--at] = 48 + n;
	}
	while (at > pos) buf[--at] = 48;
	return pos + digits;
}

/** Writes `value` at `pos` and returns the new position, or -1 when the caller must use String(). */
export function writeNumber(buf: Uint8Array, pos: number, value: number): number {
	if (value === 0) {
		buf[pos] = 48;
		return pos + 1;
	}
	let abs = value;
	if (value < 0) {
		abs = -value;
		buf[pos++] = 45;
	}
	if (Number.isInteger(abs)) {
		if (abs > MAX_SAFE) return -1;
		return writeDigits(buf, pos, abs, 1);
	}
	if (!(abs >= 1e-6 && abs < 1e9)) return -1;
	for (let k = 1; k <= 6; k++) {
		const scale = POW10[k];
		const scaled = Math.round(abs * scale);
		if (scaled / scale !== abs) continue;
		const whole = Math.floor(scaled / scale);
		pos = writeDigits(buf, pos, whole, 1);
		buf[pos++] = 46;
		return writeDigits(buf, pos, scaled - whole * scale, k);
	}
	return -1;
}
