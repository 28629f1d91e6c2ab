// Body-read failures as HTTP verdicts. The host's reader (n8n uses the raw-body package, capped at
// N8N_PAYLOAD_SIZE_MAX, and inflates gzip/deflate) fails in a few recognisable ways.

export class BodyReadError extends Error {
	constructor(
		readonly status: 400 | 413,
		message: string,
	) {
		super(message);
		this.name = 'BodyReadError';
	}
}

/** Maps an error thrown while reading a request body to a 413 or 400 verdict. */
export function toBodyReadError(error: unknown): BodyReadError {
	if (error instanceof BodyReadError) return error;
	const { type, status, code } = (typeof error === 'object' && error !== null ? error : {}) as {
		type?: unknown;
		status?: unknown;
		code?: unknown;
	};
	if (type === 'entity.too.large' || status === 413) {
		return new BodyReadError(413, "Body is larger than the server's request size limit.");
	}
	if (type === 'request.size.invalid') {
		return new BodyReadError(400, 'Body length does not match the Content-Length header.');
	}
	if (typeof code === 'string' && code.startsWith('Z_')) {
		return new BodyReadError(400, 'Body could not be decompressed (Content-Encoding).');
	}
	return new BodyReadError(400, 'The request body could not be read (aborted or malformed).');
}
