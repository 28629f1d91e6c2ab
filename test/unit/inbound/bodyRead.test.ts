import { BodyReadError, toBodyReadError } from '../../../lib/inbound';

describe('toBodyReadError', () => {
	it('maps raw-body and zlib failures to 413 and 400 with a safe message', () => {
		const tooLarge = Object.assign(new Error('request entity too large'), {
			type: 'entity.too.large',
			status: 413,
		});
		expect(toBodyReadError(tooLarge)).toMatchObject({
			status: 413,
			message: "Body is larger than the server's request size limit.",
		});
		const length = Object.assign(new Error('request size did not match content length'), {
			type: 'request.size.invalid',
		});
		expect(toBodyReadError(length)).toMatchObject({
			status: 400,
			message: 'Body length does not match the Content-Length header.',
		});
		const zlib = Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' });
		expect(toBodyReadError(zlib)).toMatchObject({
			status: 400,
			message: 'Body could not be decompressed (Content-Encoding).',
		});
		expect(toBodyReadError(new Error('aborted'))).toMatchObject({ status: 400 });
		expect(toBodyReadError('weird')).toMatchObject({ status: 400 });
		expect(toBodyReadError(null)).toMatchObject({ status: 400 });
	});

	it('keeps a BodyReadError as it is', () => {
		const error = new BodyReadError(413, 'custom');
		expect(toBodyReadError(error)).toBe(error);
	});
});
