// Barrel for lib/inbound (filled in by its capability).
export {};
