// lib/security: security primitives (n8n-free). See docs/security.md.
export * from './timingSafeEqual';
export * from './hmac';
export * from './ipAllowlist';
export * from './mmpIpRanges';
export * from './clientIp';
export * from './httpSyntax';
