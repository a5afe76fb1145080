export * from './affiliates.ts';
export * from './campaigns.ts';
export * from './clicks.ts';
export * from './conversions.ts';
export * from './rollups.ts';
export * from './deliveries.ts';
export * from './routing.ts';
