export declare function isCi(env?: NodeJS.ProcessEnv): boolean;
