// Security: secrets that never print, and the OMA CP bootstrap MAC.
export { Secret } from './secret';
export { clipped, echoed, ECHO_LIMIT } from './echo';
export * from './bootstrap/index';
