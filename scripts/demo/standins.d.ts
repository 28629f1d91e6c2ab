// Types for standins.js (used by the e2e tests).
export interface NetworkRequest {
	method: string;
	/** Path and query exactly as received. */
	url: string;
	path: string;
	/** The raw query string, without `?`. */
	query: string;
	headers: Record<'idempotency-key' | 'user-agent', string>;
	/** How often this exact method + URL has arrived, 1 the first time. */
	attempt: number;
	/** Distinct method + URLs seen so far, this one included. */
	distinct: number;
}
export type NetworkResponder = (
	request: NetworkRequest,
) => number | { status: number; headers?: Record<string, string>; body?: string };

export interface SlackMessage {
	at: string;
	webhook: string;
	channel: string;
	payload: {
		text?: string;
		blocks?: Array<{ type: string; text?: { type: string; text: string } }>;
	};
	idempotencyKey?: string;
}

export interface Standins {
	slack: {
		address: string;
		url(webhookPath: string): string;
		messages: SlackMessage[];
		requests: Array<{ at: string; webhook: string; status: number }>;
	};
	network?: {
		address: string;
		origin: string;
		requests: Array<NetworkRequest & { at: string; status: number }>;
	};
	networkUnavailable?: string;
	n8nEnv(): Record<string, string>;
	close(): Promise<void>;
}

export declare const DEFAULT_PORTS: { slack: number; network: number };
export declare const EXAMPLE_ADDRESSES: { slack: string; network: string };
export declare const SLACK_CHANNELS: Record<string, string>;
export declare const demoNetworkResponse: NetworkResponder;
export declare function pointAtStandins(
	text: string,
	standins: { slack: { address: string }; network?: { address: string } },
): string;
export declare function startStandins(opts: {
	slackPort?: number;
	networkPort?: number;
	certDir: string;
	slack?: { rateLimitEvery?: number; retryAfterSeconds?: number };
	network?: { respond?: NetworkResponder };
	log?: (line: string) => void;
}): Promise<Standins>;
