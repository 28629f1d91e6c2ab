export interface SampleCallback {
	mmp: string;
	title: string;
	method: 'GET' | 'POST';
	query: Record<string, string>;
	body?: Record<string, unknown>;
}
export declare const SAMPLE_CALLBACKS: SampleCallback[];
export declare function sampleRequest(
	sample: SampleCallback,
	webhookUrl: string,
): { method: string; url: string; body?: string };
export declare function sampleCurl(sample: SampleCallback, webhookUrl: string): string;
