// Apple's published example postbacks (the test vectors), read from the fixture corpus so that
// each is written down once; every fixture cites the Apple page it is copied from.
import type { RawPayload } from '../../../../lib/mmp';
import { loadMmpFixture } from '../../../support/fixtures';

export function fixtureBody(file: string): RawPayload {
	return loadMmpFixture(file).request.body as RawPayload;
}

/** Apple's SKAdNetwork examples, each documented by Apple as carrying a valid signature. */
export const SKAN_EXAMPLES: ReadonlyArray<readonly [string, RawPayload]> = [
	['4.0 web ad, fine value', fixtureBody('skadnetwork/v4-web-fine-apple-example-post.json')],
	['4.0 web ad, coarse value', fixtureBody('skadnetwork/v4-web-coarse-apple-example-post.json')],
	['3.0 winning', fixtureBody('skadnetwork/v3-winning-apple-example-post.json')],
	['3.0 non-winning', fixtureBody('skadnetwork/v3-nonwinning-apple-example-post.json')],
	['2.2', fixtureBody('skadnetwork/v22-apple-example-post.json')],
];

/** Apple's AdAttributionKit example body (developer-settings key apple-development-identifier/1). */
export const AAK_DEV_EXAMPLE = fixtureBody(
	'adattributionkit/developer-settings-apple-example-post.json',
);

/** The example on an earlier revision of Apple's page: kid apple-cas-identifier/0, does not verify. */
export const AAK_EARLIER_PAGE_EXAMPLE = fixtureBody(
	'adattributionkit/production-kid-earlier-page-example-post.json',
);
