// The notice that shows, for the chosen MMP, what to paste into its dashboard.
import type { RecommendedTemplate } from '../../../lib/mmp';

function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** HTML for n8n's notice: one paragraph per recommended template, URL query in a code span. */
export function callbackTemplateNotice(
	label: string,
	templates: readonly RecommendedTemplate[],
): string {
	const parts = templates.map(
		(template) =>
			`<b>${escapeHtml(template.title)}</b> (${template.method}): append to this node's webhook URL<br/>` +
			`<code>?${escapeHtml(template.query)}</code><br/>${escapeHtml(template.setup)}`,
	);
	return [`Callback URLs for ${escapeHtml(label)}:`, ...parts].join('<br/><br/>');
}
