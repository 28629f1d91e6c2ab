// Barrel for lib/macros (filled in by its capability).
export {};
