// Whether this run is CI, where a missing service (n8n, PostgreSQL, Chromium) fails instead of
// skipping. CI=true, CI=1 or any other value counts; unset, empty, CI=false and CI=0 do not.
'use strict';

/** @param {NodeJS.ProcessEnv} [env] */
function isCi(env = process.env) {
	const value = (env.CI ?? '').trim().toLowerCase();
	return value !== '' && value !== 'false' && value !== '0';
}

module.exports = { isCi };
