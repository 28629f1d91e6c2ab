// Barrel for lib/security (filled in by its capability).
export {};
