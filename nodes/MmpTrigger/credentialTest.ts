// Moved to nodes/shared so MMP Normalize offers the same credential test.
export { mmpWebhookAuthTest } from '../shared/mmpWebhookAuthTest';
