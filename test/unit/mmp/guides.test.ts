// Templates as networks and trackers publish them in their MMP setup guides (sources and templates:
// test/fixtures/mmp-guides/<mmp>.json), filled with sample values, must normalise to the MMP,
// event kind, event name, revenue and fraud reason the guide means.
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	MMP_NAMES,
	parseCallback,
	type ParseCallbackOptions,
	type ParseCallbackSuccess,
} from '../../../lib/mmp';
import { loadGuideFile, type Guide, type GuideTemplate } from '../../support/fixtures';

function guideTemplate(mmp: string, guidePrefix: string, index: number): GuideTemplate {
	const guide = loadGuides(mmp).find((candidate) => candidate.guide.startsWith(guidePrefix));
	if (guide === undefined) throw new Error(`no ${mmp} guide ${guidePrefix}`);
	return guide.templates[index];
}

function loadGuides(mmp: string): Guide[] {
	const file = loadGuideFile(mmp);
	expect(file.mmp).toBe(mmp);
	return file.guides;
}

/** Parameter names of a template or request: the query after `?`, or the whole fragment. */
function parameterNames(url: string): Set<string> {
	const question = url.indexOf('?');
	const query = question === -1 ? url : url.slice(question + 1);
	return new Set(
		query
			.split('&')
			.filter((pair) => pair !== '')
			.map((pair) => decodeURIComponent(pair.split('=')[0])),
	);
}

/** The path of an absolute template URL (`/` when it has none). */
function templatePath(template: string): string {
	const afterScheme = template.slice(template.indexOf('://') + 3);
	const query = afterScheme.indexOf('?');
	const hostAndPath = query === -1 ? afterScheme : afterScheme.slice(0, query);
	const slash = hostAndPath.indexOf('/');
	return slash === -1 ? '/' : hostAndPath.slice(slash);
}

function parseGet(url: string, options?: ParseCallbackOptions): ParseCallbackSuccess {
	const result = parseCallback({ method: 'GET', url, headers: {} }, options);
	if (!result.ok) throw new Error(`${url}: ${result.status} ${result.error.message}`);
	return result;
}

describe.each(MMP_NAMES.map((mmp) => [mmp] as const))('setup guides for %s', (mmp) => {
	const guides = loadGuides(mmp);

	it('cites each guide by title and https URL, once', () => {
		expect(guides.length).toBeGreaterThan(0);
		for (const guide of guides) {
			expect(guide.guide).toMatch(/^[^:]+: .+/);
			expect(guide.url).toMatch(/^https:\/\/\S+$/);
			expect(guide.templates.length).toBeGreaterThan(0);
		}
		expect(new Set(guides.map((guide) => guide.url)).size).toBe(guides.length);
	});

	const cases = guides.flatMap((guide) =>
		guide.templates.map((template) => [`${guide.guide}: ${template.name}`, template] as const),
	);

	describe.each(cases)('%s', (_name, template) => {
		it('is the published template filled in (same path, only its parameter names)', () => {
			const base = template.appendedTo ?? template.template;
			const published = new Set([
				...parameterNames(template.template),
				...(template.appendedTo === undefined ? [] : parameterNames(template.appendedTo)),
			]);
			for (const name of parameterNames(template.request)) expect(published).toContain(name);
			const sent = parameterNames(template.request);
			for (const name of parameterNames(template.template)) {
				if (!(template.dropped ?? []).includes(name)) expect(sent).toContain(name);
			}
			if (base.includes('://')) expect(template.request.split('?')[0]).toBe(templatePath(base));
		});

		it('normalises to the MMP, kind, name, revenue and fraud reason the guide means', () => {
			const result = parseGet(template.request, template.options);
			expect([result.mmp, result.detectedBy]).toEqual([
				template.expect.mmp,
				template.expect.detectedBy,
			]);
			for (const [field, value] of Object.entries(template.expect.event)) {
				const actual = result.event[field as keyof typeof result.event];
				if (value === null) expect([field, actual]).toEqual([field, undefined]);
				else expect([field, actual]).toEqual([field, value]);
			}
		});
	});
});

describe('name collisions (docs/canonical-event.md, "Name collisions and precedence")', () => {
	const kinds = (query: string) => parseGet(`/postback?${query}`).event;

	it('event_name beats event, which beats goal names, whatever the order of the parameters', () => {
		expect(kinds('goal=c&event=b&event_name=a').event_name).toBe('a');
		expect(kinds('goal_value=c&event=b').event_name).toBe('b');
		expect(kinds('event_id=d&goal=c').event_name).toBe('c');
	});

	it('event_type is a kind when it is a kind word, else the event name below every name alias', () => {
		const install = kinds('event_type=install&click_id=x');
		expect([install.event_kind, install.event_name]).toEqual(['install', undefined]);
		expect(kinds('event_type=level_5&click_id=x').event_name).toBe('level_5');
		expect(kinds('event_type=level_5&goal=tutorial').event_name).toBe('tutorial');
	});

	it('revenue beats gross_revenue; a net revenue never becomes revenue', () => {
		expect(kinds('gross_revenue=2&revenue=3&net_revenue=1').revenue).toBe(3);
		expect(kinds('net_revenue=1&gross_revenue=2').revenue).toBe(2);
		expect(kinds('net_revenue=1&revenue_usd_net=1&click_id=x').revenue).toBeUndefined();
	});

	it('click_id beats clickid, transaction_id, tid and cl_id', () => {
		expect(kinds('cl_id=e&tid=d&transaction_id=c&clickid=b&click_id=a').click_id).toBe('a');
		expect(kinds('cl_id=e&tid=d&transaction_id=c&clickid=b').click_id).toBe('b');
		expect(kinds('cl_id=e&transaction_id=c').click_id).toBe('c');
	});
});

describe('Field Mapping (fieldMap) overrides every alias', () => {
	const tenjinRevenue = guideTemplate('tenjin', 'Bubbleye', 2).request;
	const adjustConversion = guideTemplate('adjust', 'Adjust: Conversion', 0).request;

	it('takes the net revenue when the user maps it to revenue', () => {
		expect(parseGet(tenjinRevenue).event.revenue).toBe(9.99);
		expect(parseGet(tenjinRevenue, { fieldMap: { t_rev_usd_net: 'revenue' } }).event.revenue).toBe(
			6.99,
		);
	});

	it('beats the event_name aliases and the adapter sources alike', () => {
		const request = '/postback?event_name=a&event=b&goal=c&click_id=x';
		expect(parseGet(request, { fieldMap: { goal: 'event_name' } }).event.event_name).toBe('c');
		expect(parseGet(adjustConversion).event.campaign_name).toBe('Winback');
		expect(
			parseGet(adjustConversion, { fieldMap: { app_name: 'campaign_name' } }).event.campaign_name,
		).toBe('com.example.runner');
	});
});

describe('partner rejection postbacks', () => {
	it('route to rejected kinds on any path, even when no MMP is identified', () => {
		const swaarmAdjustRejected = guideTemplate('adjust', 'Swaarm', 1).request;
		const result = parseGet(swaarmAdjustRejected);
		expect(result.mmp).toBe('unknown');
		expect([result.event.event_kind, result.event.fraud_flag, result.event.fraud_reason]).toEqual([
			'rejected_install',
			true,
			'anonymous_traffic',
		]);
	});

	it('read a rejected conversion status but not an approved one', () => {
		for (const status of ['rejected', 'Declined', 'fraud']) {
			const event = parseGet(`/pb?click_id=x&status=${status}`).event;
			expect([status, event.event_kind, event.fraud_flag]).toEqual([
				status,
				'rejected_install',
				true,
			]);
		}
		const approved = parseGet('/pb?click_id=x&status=approved').event;
		expect([approved.event_kind, approved.fraud_flag]).toEqual(['install', false]);
	});

	it("detect Adjust's rejected install and reattribution callbacks on any path", () => {
		const rejected = parseGet(
			'/any/path?activity_kind=rejected_install&rejection_reason=engagement_injection&created_at=1404214665',
		);
		expect([rejected.mmp, rejected.detectedBy, rejected.event.event_kind]).toEqual([
			'adjust',
			'fingerprint',
			'rejected_install',
		]);
		const reattribution = parseGet(
			'/any/path?activity_kind=reattribution&reattributed_at=1418174568',
		);
		expect([reattribution.mmp, reattribution.event.event_kind]).toEqual([
			'adjust',
			'reattribution',
		]);
	});

	it("detect AppsFlyer's Protect360 blocked postbacks on any path", () => {
		const blocked = parseGet(
			'/any/path?clickid=x&blocked_reason=bots&blocked_sub_reason=bot_device',
		);
		expect([blocked.mmp, blocked.detectedBy, blocked.event.event_kind]).toEqual([
			'appsflyer',
			'fingerprint',
			'rejected_install',
		]);
	});
});

describe('docs/mmp-setup pages', () => {
	it.each(MMP_NAMES.map((mmp) => [mmp] as const))(
		'%s lists every guide covered and says how many',
		(mmp) => {
			const page = fs.readFileSync(
				path.join(__dirname, '..', '..', '..', 'docs', 'mmp-setup', `${mmp}.md`),
				'utf8',
			);
			const guides = loadGuides(mmp);
			const section = page.slice(page.indexOf('## Templates from network and tracker guides'));
			expect(section).toMatch(new RegExp(`^## [^\\n]+\\n\\n${guides.length} public setup guide`));
			for (const guide of guides) expect(section).toContain(`| ${guide.guide} | ${guide.url} |`);
		},
	);
});
