import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';

import {
	decodeContentEncoding,
	N8N_DECODED_CONTENT_CODINGS,
	type ContentDecoding,
} from '../../../lib/inbound/contentEncoding';

const JSON_BODY = Buffer.from('{"event_name":"af_purchase"}');
const LIMIT = 4096;

function decode(body: Uint8Array, header: string | undefined, hostDecoded: readonly string[] = []) {
	return decodeContentEncoding(body, header, hostDecoded, LIMIT);
}

function text(result: ContentDecoding): string {
	if (!result.ok) throw new Error(`${result.status} ${result.code}`);
	return Buffer.from(result.body).toString('utf8');
}

describe('decodeContentEncoding', () => {
	it('passes a body without a coding, or with identity, through untouched', () => {
		expect(text(decode(JSON_BODY, undefined))).toBe(JSON_BODY.toString());
		expect(text(decode(JSON_BODY, 'identity'))).toBe(JSON_BODY.toString());
		expect(text(decode(JSON_BODY, ' Identity , '))).toBe(JSON_BODY.toString());
		expect(text(decode(JSON_BODY, ''))).toBe(JSON_BODY.toString());
	});

	it('inflates gzip, x-gzip and deflate in any case (codings are case-insensitive)', () => {
		for (const header of ['gzip', 'GZIP', 'Gzip', ' gzip ', 'x-gzip', 'X-GZIP']) {
			expect(text(decode(gzipSync(JSON_BODY), header))).toBe(JSON_BODY.toString());
		}
		for (const header of ['deflate', 'DEFLATE']) {
			expect(text(decode(deflateSync(JSON_BODY), header))).toBe(JSON_BODY.toString());
		}
		expect(text(decode(gzipSync(JSON_BODY), 'identity, gzip'))).toBe(JSON_BODY.toString());
	});

	it("does not inflate twice what n8n's body reader already inflated (exact gzip and deflate)", () => {
		expect(text(decode(JSON_BODY, 'gzip', N8N_DECODED_CONTENT_CODINGS))).toBe(JSON_BODY.toString());
		expect(text(decode(JSON_BODY, 'deflate', N8N_DECODED_CONTENT_CODINGS))).toBe(
			JSON_BODY.toString(),
		);
		// n8n compares verbatim, so upper case arrives still compressed.
		expect(text(decode(gzipSync(JSON_BODY), 'GZIP', N8N_DECODED_CONTENT_CODINGS))).toBe(
			JSON_BODY.toString(),
		);
	});

	it('answers 415 with Accept-Encoding for unknown or stacked codings, without echoing them', () => {
		for (const header of [
			'br',
			'zstd',
			'compress',
			'secret-tok_123',
			'gzip, gzip',
			'constructor',
		]) {
			const result = decode(JSON_BODY, header);
			expect(result).toMatchObject({
				ok: false,
				status: 415,
				code: 'unsupported_content_encoding',
				headers: { 'Accept-Encoding': 'gzip, deflate' },
			});
			expect(!result.ok && result.message).not.toContain('secret');
		}
	});

	it('answers 400 for a body that is not what its coding says, 413 when it inflates past the limit', () => {
		expect(decode(JSON_BODY, 'gzip')).toMatchObject({ status: 400, code: 'body_unreadable' });
		expect(decode(deflateRawSync(JSON_BODY), 'deflate')).toMatchObject({
			status: 400,
			code: 'body_unreadable',
		});
		expect(decode(gzipSync(Buffer.alloc(LIMIT + 1, 0x20)), 'gzip')).toMatchObject({
			status: 413,
			code: 'body_too_large',
		});
		expect(text(decode(gzipSync(Buffer.alloc(LIMIT, 0x20)), 'gzip'))).toHaveLength(LIMIT);
	});
});
