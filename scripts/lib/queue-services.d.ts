export declare const QUEUE_SERVICES: {
	postgres: { host: string; port: number; user: string; password: string };
	redis: { host: string; port: number };
};
export declare function prepareQueueServices(opts: { database: string; template?: string }): Promise<string[]>;
export declare function dropDatabase(database: string): Promise<void>;
export declare function deleteRedisPrefix(prefix: string): Promise<number>;
export declare function queueModeEnv(opts: { database: string; prefix: string; encryptionKey: string }): Record<string, string>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export declare function pgClient(database: string): Promise<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export declare function redisClient(): any;
export declare function deleteRedisMatching(pattern: string): Promise<number>;
