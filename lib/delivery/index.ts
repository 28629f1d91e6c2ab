// Barrel for lib/delivery (filled in by its capability).
export {};
