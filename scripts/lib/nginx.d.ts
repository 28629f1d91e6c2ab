import type { LoadBalancer } from './n8n-queue';
export declare const TEMPLATE: string;
export declare function nginxAvailability(): { ok: true; bin: string } | { ok: false; reason: string; bin?: undefined };
export declare function renderSiteConfig(opts: {
	listenPort: number;
	webhookPorts: number[];
	mainPort: number;
	exposeUpstream?: boolean;
}): string;
export declare function startNginx(opts: {
	webhookPorts: number[];
	mainPort: number;
	port?: number;
	exposeUpstream?: boolean;
	proxyBind?: string;
}): Promise<LoadBalancer>;
