// Security: secrets that never print, and the OMA CP bootstrap MAC.
export { Secret } from './secret';
export * from './bootstrap/index';
