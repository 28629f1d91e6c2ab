// Barrel for lib/mmp (filled in by its capability).
export {};
