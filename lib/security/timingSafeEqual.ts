// Constant-time equality for secrets compared against attacker-supplied values.
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string | Uint8Array): Buffer {
	return createHash('sha256').update(value).digest();
}

/**
 * Whether two strings are equal, in time that does not depend on where they first differ.
 *
 * Both sides are hashed to fixed-length SHA-256 digests first: `crypto.timingSafeEqual` throws on
 * unequal lengths, and an early `length !==` return would tell an attacker the secret's length.
 */
export function timingSafeEqualString(actual: string, expected: string): boolean {
	return timingSafeEqual(digest(actual), digest(expected));
}

/** Byte-array counterpart of {@link timingSafeEqualString}. */
export function timingSafeEqualBytes(actual: Uint8Array, expected: Uint8Array): boolean {
	return timingSafeEqual(digest(actual), digest(expected));
}
