// `--name=value` and bare `--flag` (→ 'true') command-line options of the benchmarks.
'use strict';

function benchArgs(argv = process.argv.slice(2)) {
	return Object.fromEntries(
		argv.map((a) => {
			const [k, v] = a.replace(/^--/, '').split('=');
			return [k, v ?? 'true'];
		}),
	);
}

module.exports = { benchArgs };
