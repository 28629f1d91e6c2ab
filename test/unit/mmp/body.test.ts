import { parseBody, type BodyLimits } from '../../../lib/mmp/body';
import { CallbackInputError } from '../../../lib/mmp/errors';

const LIMITS: BodyLimits = {
	plusAsSpace: true,
	duplicateParams: 'first',
	maxParams: 1000,
	maxBodyBytes: 1024,
	maxDepth: 32,
};

function body(value: unknown, contentType?: string, limits: Partial<BodyLimits> = {}) {
	return parseBody(value, contentType, { ...LIMITS, ...limits }, { count: 0, stored: 0 });
}

function verdict(run: () => unknown): string {
	try {
		run();
		return 'ok';
	} catch (error) {
		if (!(error instanceof CallbackInputError)) throw error;
		return `${error.status} ${error.code}`;
	}
}

describe('parseBody', () => {
	it('treats absent and empty bodies as no body', () => {
		expect(body(undefined, 'application/json')).toBeUndefined();
		expect(body(null)).toBeUndefined();
		expect(body('', 'application/json')).toBeUndefined();
		expect(body(Buffer.alloc(0), 'application/json')).toBeUndefined();
		expect(body(' \r\n\t', 'application/json')).toBeUndefined();
		expect(body({}, 'application/json')).toBeUndefined();
	});

	it('parses JSON for application/json, +json and text/json, with parameters and any case', () => {
		expect(body(Buffer.from('{"a":1}'), 'application/json')).toEqual({ a: 1 });
		expect(body('{"a":1}', 'Application/JSON; charset=UTF-8')).toEqual({ a: 1 });
		expect(body('{"a":1}', 'application/vnd.mmp+json')).toEqual({ a: 1 });
		expect(body('{"a":1}', 'text/json')).toEqual({ a: 1 });
	});

	it('parses form fields for application/x-www-form-urlencoded', () => {
		expect(body(Buffer.from('a=1&b=x+y%2Bz\n'), 'application/x-www-form-urlencoded')).toEqual({
			a: '1',
			b: 'x y+z',
		});
	});

	it('sniffs text/plain, octet-stream and a missing content type: JSON, then form fields', () => {
		expect(body('  {"a":1}', 'text/plain')).toEqual({ a: 1 });
		expect(body('a=1&b=2', 'text/plain; charset=us-ascii')).toEqual({ a: '1', b: '2' });
		expect(body(Buffer.from('{"a":1}'), undefined)).toEqual({ a: 1 });
		expect(body(Buffer.from('a=1'), 'application/octet-stream')).toEqual({ a: '1' });
		expect(verdict(() => body('hello world', 'text/plain'))).toBe('400 malformed_body');
		expect(verdict(() => body('[1,2]', 'text/plain'))).toBe('400 malformed_body');
	});

	it('answers 400 malformed_body for broken JSON and JSON that is not an object', () => {
		expect(verdict(() => body('{"a":', 'application/json'))).toBe('400 malformed_body');
		expect(verdict(() => body('[{"a":1}]', 'application/json'))).toBe('400 malformed_body');
		expect(verdict(() => body('null', 'application/json'))).toBe('400 malformed_body');
		expect(verdict(() => body(42, 'application/json'))).toBe('400 malformed_body');
	});

	it('answers 415 for content types and charsets it cannot read', () => {
		expect(verdict(() => body('<a/>', 'application/xml'))).toBe('415 unsupported_media_type');
		expect(verdict(() => body('x', 'multipart/form-data; boundary=x'))).toBe(
			'415 unsupported_media_type',
		);
		expect(verdict(() => body(Buffer.from('{}'), 'application/json; charset=utf-16'))).toBe(
			'415 unsupported_charset',
		);
		expect(verdict(() => body(Buffer.from('{}'), 'application/json; charset="foo"'))).toBe(
			'415 unsupported_charset',
		);
	});

	it('answers 415 for a Content-Type that names no media type, and sniffs only a missing one', () => {
		for (const malformed of [';;;', ';', '; charset=utf-8', ' ;x=y']) {
			expect(verdict(() => body('{"a":1}', malformed))).toBe('415 unsupported_media_type');
			expect(verdict(() => body(Buffer.from('a=1'), malformed))).toBe('415 unsupported_media_type');
		}
		expect(body('{"a":1}', '')).toEqual({ a: 1 });
		expect(body('{"a":1}', '  ')).toEqual({ a: 1 });
	});

	it('decodes ISO-8859-1 bodies when declared', () => {
		expect(
			body(Buffer.from([0x63, 0x3d, 0x4d, 0xfc, 0x6e]), 'text/plain; charset=ISO-8859-1'),
		).toEqual({
			c: 'Mün',
		});
	});

	it('answers 400 invalid_utf8 for bytes that are not UTF-8', () => {
		expect(
			verdict(() =>
				body(
					Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
					'application/json',
				),
			),
		).toBe('400 invalid_utf8');
	});

	it('strips a UTF-8 byte order mark', () => {
		expect(body(Buffer.from('\ufeff{"a":1}', 'utf8'), 'application/json')).toEqual({ a: 1 });
		expect(body('\ufeffa=1', 'application/x-www-form-urlencoded')).toEqual({ a: '1' });
	});

	it('answers 413 above maxBodyBytes for bytes, text (counted in UTF-8) and parsed objects', () => {
		expect(verdict(() => body(Buffer.alloc(1025, 0x20), 'application/json'))).toBe(
			'413 body_too_large',
		);
		expect(verdict(() => body(`{"a":"${'é'.repeat(520)}"}`, 'application/json'))).toBe(
			'413 body_too_large',
		);
		expect(verdict(() => body(`{"a":"${'a'.repeat(1000)}"}`, 'application/json'))).toBe('ok');
		expect(verdict(() => body({ a: 'x'.repeat(2000) }))).toBe('413 body_too_large');
	});

	it('copies an already-parsed body under the same limits, JSON-safe', () => {
		const parsed = JSON.parse('{"__proto__":{"polluted":true},"ok":1}');
		const when = new Date('2024-01-02T03:04:05.678Z');
		expect(
			body({
				...parsed,
				n: 2n ** 64n,
				when,
				bad: NaN,
				fn: () => 1,
				nested: { constructor: 1, k: [undefined, 1] },
				__proto__: parsed,
			}),
		).toEqual({
			ok: 1,
			n: '18446744073709551616',
			when: '2024-01-02T03:04:05.678Z',
			bad: null,
			nested: { k: [null, 1] },
		});
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('stops a cyclic or too-deep parsed body at the depth limit', () => {
		const cyclic: Record<string, unknown> = { a: 1 };
		cyclic.self = cyclic;
		expect(verdict(() => body(cyclic))).toBe('400 body_too_deep');
		expect(verdict(() => body({ a: 1 }, undefined, { maxDepth: 1 }))).toBe('ok');
		expect(verdict(() => body({ a: { b: 1 } }, undefined, { maxDepth: 1 }))).toBe(
			'400 body_too_deep',
		);
	});

	it('answers 400 for a parsed array body', () => {
		expect(verdict(() => body([{ a: 1 }]))).toBe('400 malformed_body');
	});
});
