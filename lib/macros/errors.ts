// Errors of the macro engine. Both carry enough structure for a node to name the macro and place.

/** Where in the template something is: 0-based offset plus 1-based line and column. */
export interface TemplatePosition {
	offset: number;
	line: number;
	column: number;
}

export function positionOf(template: string, offset: number): TemplatePosition {
	let line = 1;
	let lineStart = 0;
	for (let i = 0; i < offset && i < template.length; i++) {
		if (template.charCodeAt(i) === 10) {
			line++;
			lineStart = i + 1;
		}
	}
	return { offset, line, column: offset - lineStart + 1 };
}

/** A malformed template: thrown by compileTemplate, never by render. */
export class TemplateSyntaxError extends Error {
	readonly position: TemplatePosition;
	/** A short excerpt of the template around the error. */
	readonly excerpt: string;

	constructor(message: string, template: string, offset: number) {
		const position = positionOf(template, offset);
		super(`${message} (line ${position.line}, column ${position.column})`);
		this.name = 'TemplateSyntaxError';
		this.position = position;
		this.excerpt = template.slice(Math.max(0, offset - 20), offset + 20);
	}
}

/** A value that cannot be placed where its macro is (e.g. CR/LF in a header): thrown by render. */
export class MacroValueError extends Error {
	/** The macro as written in the template, e.g. `{{click_id}}`; empty when not known. */
	readonly macro: string;

	constructor(macro: string, message: string) {
		super(message);
		this.name = 'MacroValueError';
		this.macro = macro;
	}
}
