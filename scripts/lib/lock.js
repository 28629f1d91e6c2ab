// A cross-process lock for short critical sections (build + pack of the package tarball): parallel
// jest workers and `npm start` must not build into dist/ at the same time. mkdir is atomic; a lock
// whose owner died is taken over.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function ownerAlive(lockDir) {
	try {
		const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else. A missing pid file means the owner is
		// between mkdir and writing it — unless that was long ago and it died there.
		if (error.code === 'EPERM') return true;
		if (error.code !== 'ENOENT') return false;
		try {
			return Date.now() - fs.statSync(lockDir).mtimeMs < 10_000;
		} catch {
			return false;
		}
	}
}

/**
 * Runs `fn` while holding the lock at `lockDir`. Synchronous on purpose: the work it guards is
 * synchronous child processes.
 * @template T
 * @param {string} lockDir
 * @param {number} timeoutMs
 * @param {() => T} fn
 * @returns {T}
 */
function withLockSync(lockDir, timeoutMs, fn) {
	const deadline = Date.now() + timeoutMs;
	fs.mkdirSync(path.dirname(lockDir), { recursive: true });
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			if (!ownerAlive(lockDir)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline)
				throw new Error(`Timed out after ${timeoutMs} ms waiting for ${lockDir}`);
			sleepSync(200);
		}
	}
	fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
	try {
		return fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

module.exports = { withLockSync };
