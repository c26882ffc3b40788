// JSON helpers every domain may use: where a text stops being JSON.
export { jsonSyntaxError } from './syntax';
