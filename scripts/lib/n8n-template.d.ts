import type { N8nInstall } from './n8n-install';
export declare function migratedTemplate(install: N8nInstall): string;
export declare function seedUserFolder(templateDir: string, userFolder: string): void;
export declare function migratedPostgresTemplate(install: N8nInstall): Promise<string>;
