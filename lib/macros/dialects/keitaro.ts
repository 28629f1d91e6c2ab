// Keitaro S2S postback placeholders (docs.keitaro.io/en/campaigns-and-streams/s2s-postback-placeholders.html):
// - `{name}` is URL-encoded, `{_name}` is inserted raw;
// - `{name:args}` has arguments: a value map `{status:lead=0 sale=1 rejected=2}`, a PHP date
//   format with optional time zone `{date:Y-m-d H:i:s,Europe/Kyiv}` (`{date:U}` = UNIX seconds;
//   without a date value it is the send time, as in Keitaro), `{random:min,max}`,
//   `{sample:a,b,c}`. Other arguments (`{country:lang}`, `{keyword:charset}`) select a variant
//   Keitaro computes server-side; here they fall back to the plain value.
import { randomInt } from 'node:crypto';
import type { TemplateNode, ValueNode } from '../ast';
import { checkTimeZone } from '../dates';
import { TemplateSyntaxError } from '../errors';
import { phpDateFilter, valueMapFilter, type MacroFilter } from '../filters';
import { compileFilterChain, pushText } from './shared';

const MACRO = /\{(_?)([A-Za-z][A-Za-z0-9_]*)(?::([^{}|]*))?((?:\|[^{}]*)?)\}/g;
const DEFAULT_DATE_FORMAT = 'Y-m-d H:i:s';

function dateArgs(args: string, template: string, offset: number): MacroFilter {
	const comma = args.lastIndexOf(',');
	const zone = comma < 0 ? '' : args.slice(comma + 1).trim();
	if (zone !== '' && (zone.includes('/') || /^UTC$/i.test(zone))) {
		let known = true;
		try {
			checkTimeZone(zone);
		} catch {
			known = false;
		}
		if (!known) throw new TemplateSyntaxError(`Unknown time zone "${zone}"`, template, offset);
		return phpDateFilter(args.slice(0, comma) || DEFAULT_DATE_FORMAT, zone);
	}
	return phpDateFilter(args === '' ? DEFAULT_DATE_FORMAT : args);
}

function valueMap(args: string): Map<string, string> {
	const entries = new Map<string, string>();
	for (const pair of args.split(/[\s,]+/)) {
		const eq = pair.indexOf('=');
		if (eq > 0) entries.set(pair.slice(0, eq), pair.slice(eq + 1));
	}
	return entries;
}

function generator(name: string, args: string, template: string, offset: number) {
	const list = args.split(',').map((s) => s.trim());
	if (name === 'random') {
		const [min, max] = list.map(Number);
		if (
			list.length !== 2 ||
			!Number.isSafeInteger(min) ||
			!Number.isSafeInteger(max) ||
			max < min
		) {
			throw new TemplateSyntaxError('{random:min,max} needs two whole numbers', template, offset);
		}
		return () => randomInt(min, max + 1);
	}
	return () => list[randomInt(0, list.length)];
}

export function tokenizeKeitaro(template: string): TemplateNode[] {
	const nodes: TemplateNode[] = [];
	let cursor = 0;
	MACRO.lastIndex = 0;
	for (let m = MACRO.exec(template); m !== null; m = MACRO.exec(template)) {
		const [source, underscore, name, args, chain] = m;
		const start = m.index;
		pushText(nodes, template.slice(cursor, start), cursor);
		cursor = start + source.length;
		const node: ValueNode = {
			kind: 'value',
			source,
			start,
			key: args === undefined ? name : `${name}:${args}`,
			keyIsPath: false,
			filters: compileFilterChain(chain ? chain.slice(1) : undefined, template, start, source),
			raw: underscore === '_',
		};
		if (name === 'from_file') {
			throw new TemplateSyntaxError(
				`${source} reads a file on the Keitaro server and cannot be rendered here`,
				template,
				start,
			);
		}
		if (name === 'date') {
			node.base = 'date';
			node.baseFilters = [dateArgs(args ?? '', template, start)];
			node.clock = true;
		} else if (args !== undefined && (name === 'random' || name === 'sample')) {
			node.generate = generator(name, args, template, start);
		} else if (args !== undefined) {
			node.base = name;
			node.baseFilters = args.includes('=') ? [valueMapFilter(valueMap(args))] : [];
		}
		nodes.push(node);
	}
	pushText(nodes, template.slice(cursor), cursor);
	return nodes;
}
