// Prints jest's totals as one plain line ("jest: N passed, N failed, N skipped") for CI log readers.
const fs = require('node:fs');
const file = process.argv[2] || '.tmp/jest-results.json';
if (!fs.existsSync(file)) {
	console.log('jest: no results file (the test command failed before jest ran)');
	process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
