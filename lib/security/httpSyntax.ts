// HTTP syntax primitives, defined once for delivery, inbound and the nodes: a header name or value
// that one copy refuses and another lets through is how request smuggling starts.

/** RFC 9110 field-name token: letters, digits and !#$%&'*+-.^_`|~, nothing else. */
export const HEADER_NAME_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const LINE_BREAK_OR_NUL = /[\r\n\0]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** What a header name may hold, for messages that refuse one. */
export const HEADER_NAME_RULE =
	"Header names are tokens: letters, digits and !#$%&'*+-.^_`|~, no spaces or colons.";

/** Whether `name` may be sent as a header name. */
export function isHeaderName(name: string): boolean {
	return HEADER_NAME_TOKEN.test(name);
}

/** Whether the text holds CR, LF or NUL: what ends or splits a header line. */
export function hasLineBreakOrNul(text: string): boolean {
	return LINE_BREAK_OR_NUL.test(text);
}

/**
 * Whether the text holds a C0 control character or DEL. WHATWG URL parsing silently deletes TAB,
 * CR and LF (`?a=1\r\nHost: x` becomes `?a=1Host:%20x`), so a URL's raw text is checked with this
 * before it is parsed.
 */
export function hasControlCharacter(text: string): boolean {
	return CONTROL_CHARACTER.test(text);
}
