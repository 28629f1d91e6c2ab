// Resource use of another process (the n8n server) for the benchmarks, read from /proc (Linux).
'use strict';
const fs = require('node:fs');

/** Samples a process's resident memory every 100 ms; the returned stop() gives the peak in MB. */
function rssSampler(pid) {
	let peak = 0;
	const read = () => {
		try {
			const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			peak = Math.max(peak, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
		} catch {
			// process gone, or not Linux
		}
	};
	read();
	const timer = setInterval(read, 100);
	return () => {
		clearInterval(timer);
		read();
		return Math.round(peak / 1024);
	};
}

/** CPU seconds (user + system) the n8n main process has used so far; NaN off Linux. */
function cpuSeconds(pid) {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		// utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return NaN;
	}
}

/** The /proc/<pid>/stat fields after the command name (stat(5) field n is index n - 3). */
function statFields(pid) {
	return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
}

function livePids() {
	try {
		return fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return [];
	}
}

/**
 * CPU seconds of every live process in a process group (n8n and the task runner it forked run in
 * the group N8nInstance gives them). Processes that exited are not counted; NaN off Linux.
 */
function groupCpuSeconds(pgid) {
	let total = 0;
	let found = false;
	for (const pid of livePids()) {
		try {
			const fields = statFields(pid);
			// pgrp is field 5; utime, stime are 14 and 15.
			if (Number(fields[2]) !== pgid) continue;
			total += (Number(fields[11]) + Number(fields[12])) / 100;
			found = true;
		} catch {
			// exited meanwhile
		}
	}
	return found ? total : NaN;
}

/**
 * CPU seconds of the processes whose command line matches (e.g. PostgreSQL backends of one
 * database: `postgres: <user> <database> …`). Backends that ended are not counted, so callers keep
 * connections open across a measurement.
 */
function matchingCpuSeconds(pattern) {
	let total = 0;
	for (const pid of livePids()) {
		try {
			const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
			if (!pattern.test(cmdline)) continue;
			const fields = statFields(pid);
			total += (Number(fields[11]) + Number(fields[12])) / 100;
		} catch {
			// exited meanwhile
		}
	}
	return total;
}

module.exports = { cpuSeconds, groupCpuSeconds, matchingCpuSeconds, rssSampler };
