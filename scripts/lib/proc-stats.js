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

module.exports = { cpuSeconds, rssSampler };
