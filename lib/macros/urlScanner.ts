// The URL-state machine layoutTemplate drives over a template's top-level literal text. It is the
// code that guarantees no substituted value can change a URL's scheme, host or port: only literal
// text (and constants, which are configuration) moves it, and a value is accepted only once the
// authority is closed.
//
//   scheme ──"http://" or "https://"──▶ authority ──/ \ ? #──▶ path ──?──▶ query ──#──▶ fragment
//                                                                └────────────#─────────────▲
//   query ──&──▶ query (a new pair, `drop` policy only)
//
// A template that is not a URL starts in `query` when the `drop` policy needs pair markers (form
// bodies) and in `text` otherwise; neither ever leaves its state except `query` on `&`.
import { TemplateSyntaxError } from './errors';
import type { Part } from './layout';

export type UrlState = 'scheme' | 'authority' | 'path' | 'query' | 'fragment' | 'text';

const SCHEME = /^https?:\/\/$/i;

/** The literal origin must be a plain http(s) `scheme://host[:port]` the WHATWG URL parser accepts. */
function assertValidOrigin(origin: string, template: string, offset: number): void {
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	let valid = !/[\u0000-\u0020\u007f]/.test(origin);
	if (valid) {
		try {
			valid = new URL(origin + '/').hostname !== '';
		} catch {
			valid = false;
		}
	}
	if (!valid) {
		throw new TemplateSyntaxError(
			`"${origin}" is not a valid http(s) scheme and host`,
			template,
			offset,
		);
	}
}

function schemeError(template: string): TemplateSyntaxError {
	return new TemplateSyntaxError('A URL template must start with http:// or https://', template, 0);
}

/**
 * Consumes literal text character by character and writes the top-level parts: literal chunks,
 * and for the `drop` policy the markers where each query pair starts (`sep`) and the query ends
 * (`end`). Dynamic parts (values, conditionals, blocks) go through `placeDynamic`.
 */
export class UrlScanner {
	private state: UrlState;
	private originText = '';
	private literal = '';

	constructor(
		private readonly parts: Part[],
		private readonly template: string,
		private readonly url: boolean,
		/** Whether to mark query pairs (the `drop` policy in a URL or percent-encoded body). */
		private readonly pairs: boolean,
	) {
		this.state = url ? 'scheme' : pairs ? 'query' : 'text';
		// Outside a URL the first form pair starts at the beginning, with no separator.
		if (this.state === 'query') parts.push({ kind: 'sep', ch: '' });
	}

	/** In the scheme or host, where a constant is inserted verbatim and validated with the origin. */
	get inOrigin(): boolean {
		return this.state === 'scheme' || this.state === 'authority';
	}

	/** A dynamic part placed now sits inside a query pair the `drop` policy may remove. */
	get inPair(): boolean {
		return this.pairs && this.state === 'query';
	}

	/** Literal text (or a folded constant) of the node that starts at `offset`. */
	text(chars: string, offset: number): void {
		for (const ch of chars) this.step(ch, offset);
	}

	/**
	 * Places a value, conditional or block: refused in the scheme or host, so a value can never
	 * redirect the request; elsewhere the pending literal is written first, then the part.
	 */
	placeDynamic(source: string, offset: number, build: () => Part): void {
		if (this.state === 'scheme') {
			throw new TemplateSyntaxError(
				`A URL template must start with http:// or https:// (literal text or a constant), not with ${source}`,
				this.template,
				offset,
			);
		}
		if (this.state === 'authority') {
			throw new TemplateSyntaxError(
				`${source} is inside the URL's scheme or host. Scheme, host and port must be literal ` +
					'text (or a constant) so that a value can never redirect the request',
				this.template,
				offset,
			);
		}
		this.flush();
		this.parts.push(build());
	}

	/** End of template: the origin must be complete; returns it (URL templates only). */
	finish(): string | undefined {
		if (this.state === 'scheme') throw schemeError(this.template);
		if (this.state === 'authority') this.closeAuthority(this.template.length);
		this.flush();
		if (this.inPair) this.parts.push({ kind: 'end' });
		return this.url ? this.originText : undefined;
	}

	private step(ch: string, offset: number): void {
		switch (this.state) {
			case 'scheme':
				this.originText += ch;
				this.literal += ch;
				if (this.originText.endsWith('//')) this.enterAuthority();
				return;
			case 'authority':
				if (ch === '/' || ch === '\\' || ch === '?' || ch === '#') {
					this.closeAuthority(offset);
					this.step(ch, offset); // the delimiter is the path's first character
					return;
				}
				this.originText += ch;
				this.literal += ch;
				return;
			case 'path':
				if (ch === '?') return this.openQuery();
				if (ch === '#') return this.openFragment();
				break;
			case 'query':
				if (ch === '&' && this.pairs) return this.nextPair();
				if (ch === '#' && this.url) return this.openFragment();
				break;
			default: // fragment, text: final states
		}
		this.literal += ch;
	}

	// --- transitions ---------------------------------------------------------------------------

	/** scheme → authority, on the `//` that ends an `http:` or `https:` scheme. */
	private enterAuthority(): void {
		if (!SCHEME.test(this.originText)) throw schemeError(this.template);
		this.state = 'authority';
	}

	/** authority → path, on the first `/ \ ? #` or at the end: the origin is complete. */
	private closeAuthority(offset: number): void {
		assertValidOrigin(this.originText, this.template, offset);
		this.state = 'path';
	}

	/** path → query, on `?`: the first pair starts. */
	private openQuery(): void {
		this.state = 'query';
		if (this.pairs) this.marker({ kind: 'sep', ch: '?' });
		else this.literal += '?';
	}

	/** query → query, on `&`: another pair starts. */
	private nextPair(): void {
		this.marker({ kind: 'sep', ch: '&' });
	}

	/** path or query → fragment, on `#`: the query (if any) ends. */
	private openFragment(): void {
		if (this.inPair) this.marker({ kind: 'end' });
		this.state = 'fragment';
		this.literal += '#';
	}

	private marker(part: Part): void {
		this.flush();
		this.parts.push(part);
	}

	private flush(): void {
		if (this.literal !== '') this.parts.push({ kind: 'lit', text: this.literal });
		this.literal = '';
	}
}
