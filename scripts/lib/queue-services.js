// The two services n8n queue mode needs besides n8n itself: a PostgreSQL database of its own (n8n's
// tables, shared by main, webhook processors and workers) and Redis (Bull's job queue, under a key
// prefix of its own). Checked before any n8n process starts, so an unreachable service ends the run
// with a clear message and nothing half-started (docs/scaling.md, "Queue mode recipe").
'use strict';

const CONNECT_TIMEOUT_MS = 3000;

/** Where queue mode finds PostgreSQL and Redis; env overrides for machines that differ. */
const QUEUE_SERVICES = {
	postgres: {
		host: process.env.MMP_QUEUE_PG_HOST || '127.0.0.1',
		port: Number(process.env.MMP_QUEUE_PG_PORT || 5432),
		user: process.env.MMP_QUEUE_PG_USER || 'postgres',
		password: process.env.MMP_QUEUE_PG_PASSWORD || '',
	},
	redis: {
		host: process.env.MMP_QUEUE_REDIS_HOST || '127.0.0.1',
		port: Number(process.env.MMP_QUEUE_REDIS_PORT || 6379),
	},
};

/** A database name PostgreSQL accepts unquoted: lower case letters, digits, underscores. */
function assertIdentifier(name) {
	if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`"${name}" is not a plain identifier`);
	return name;
}

async function pgClient(database, pg = QUEUE_SERVICES.postgres) {
	const { Client } = require('pg');
	const client = new Client({ ...pg, database, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
	await client.connect();
	return client;
}

function redisClient(redis = QUEUE_SERVICES.redis) {
	const Redis = require('ioredis');
	const client = new Redis({
		...redis,
		connectTimeout: CONNECT_TIMEOUT_MS,
		maxRetriesPerRequest: 1,
		lazyConnect: true,
		retryStrategy: () => null,
	});
	// Kept for the caller's message instead of ioredis's "Unhandled error event" on stderr.
	client.on('error', (error) => {
		client.lastError = error;
	});
	return client;
}

/**
 * Checks both services and creates the database when missing (as a copy of `template` when given).
 * Resolves to the reasons it cannot run (empty when everything is reachable).
 * @param {{ database: string; template?: string }} opts
 * @returns {Promise<string[]>}
 */
async function prepareQueueServices({ database, template }) {
	const problems = [];
	const { postgres, redis } = QUEUE_SERVICES;
	try {
		const client = await pgClient('postgres');
		try {
			const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
			const from = template ? ` TEMPLATE ${assertIdentifier(template)}` : '';
			if (found.rowCount === 0)
				await client.query(`CREATE DATABASE ${assertIdentifier(database)}${from}`);
		} finally {
			await client.end().catch(() => {});
		}
	} catch (error) {
		problems.push(`PostgreSQL at ${postgres.host}:${postgres.port}: ${error.message}`);
	}
	const client = redisClient();
	try {
		await client.connect();
		await client.ping();
	} catch (error) {
		problems.push(`Redis at ${redis.host}:${redis.port}: ${(client.lastError ?? error).message}`);
	} finally {
		client.disconnect();
	}
	return problems;
}

/** Drops a throwaway database (n8n's connections must be closed first). */
async function dropDatabase(database) {
	const client = await pgClient('postgres');
	try {
		await client.query(`DROP DATABASE IF EXISTS ${assertIdentifier(database)} WITH (FORCE)`);
	} finally {
		await client.end().catch(() => {});
	}
}

/** Deletes the keys under one Bull prefix, and only those (the Redis may be shared). */
async function deleteRedisPrefix(prefix) {
	if (!/^[A-Za-z0-9_.-]{3,}$/.test(prefix)) throw new Error(`unsafe Redis prefix "${prefix}"`);
	return deleteRedisMatching(`${prefix}:*`);
}

/** Deletes the keys matching a SCAN pattern; resolves to how many. */
async function deleteRedisMatching(pattern) {
	const client = redisClient();
	let deleted = 0;
	try {
		await client.connect();
		let cursor = '0';
		do {
			const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
			cursor = next;
			if (keys.length > 0) deleted += await client.del(...keys);
		} while (cursor !== '0');
	} finally {
		client.disconnect();
	}
	return deleted;
}

/** The env every queue-mode process shares (docs/scaling.md, "Environment shared by every process"). */
function queueModeEnv({ database, prefix, encryptionKey }) {
	const { postgres, redis } = QUEUE_SERVICES;
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_BULL_PREFIX: prefix,
		N8N_ENCRYPTION_KEY: encryptionKey,
		// Keeps npm-installed community packages loading when n8n's default flips (2.41 deprecation).
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	};
}

module.exports = {
	QUEUE_SERVICES,
	deleteRedisMatching,
	deleteRedisPrefix,
	dropDatabase,
	pgClient,
	prepareQueueServices,
	queueModeEnv,
	redisClient,
};
