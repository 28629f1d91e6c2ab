// The outcome of checking an Apple postback's signature. A postback that does not verify is not
// rejected: it is flagged (`fraud_flag`, `fraud_reason`) and routed to Fraud Alert, so forged
// traffic stays visible. Only a body that is not a postback at all gets a 4xx.

export type AppleFraudCode =
	| 'apple_signature_invalid'
	| 'apple_unknown_key_id'
	| 'apple_development_key'
	| 'apple_unsupported_version'
	| 'apple_unsupported_algorithm'
	| 'apple_missing_signed_field';

export type AppleVerdict =
	| { readonly verified: true }
	| { readonly verified: false; readonly code: AppleFraudCode; readonly detail: string };

export const VERIFIED: AppleVerdict = { verified: true };

export function unverified(code: AppleFraudCode, detail: string): AppleVerdict {
	return { verified: false, code, detail };
}

/** The `fraud_reason` of an unverified postback: the code, then why in words. */
export function fraudReasonOf(verdict: AppleVerdict): string | undefined {
	return verdict.verified ? undefined : `${verdict.code}: ${verdict.detail}`;
}
