// Tapstream `TS{path.to.field}` (tapstream.com/developer/postbacks: `TS{hit.custom_parameters.x}`,
// `TS{event.ip}`, `TS{event.timestamp}`). Tapstream documents missing values as empty strings and
// URL-encodes values (`01%3A01…` in its example), which are this engine's defaults.
import type { TemplateNode } from '../ast';
import { TemplateSyntaxError } from '../errors';
import {
	compileFilterChain,
	plainValue,
	scanMacros,
	splitNameAndFilters,
	unclosed,
} from './shared';

const VALID_PATH = /^[A-Za-z_][\w.-]*$/;

export function tokenizeTapstream(template: string): TemplateNode[] {
	return scanMacros(template, 'TS{', (open) => {
		const close = template.indexOf('}', open + 3);
		if (close < 0) unclosed('TS{', '}', template, open);
		const source = template.slice(open, close + 1);
		const { name, chain } = splitNameAndFilters(template.slice(open + 3, close));
		if (!VALID_PATH.test(name)) {
			throw new TemplateSyntaxError(`Invalid Tapstream macro ${source}`, template, open);
		}
		const filters = compileFilterChain(chain, template, open, source);
		return { node: plainValue(source, open, name, filters), end: close + 1 };
	});
}
