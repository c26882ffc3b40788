// JSON helpers every domain may use: where a text stops being JSON, and where its strings are.
export { jsonLineColumn, jsonRepeatedMembers, jsonStringOffset, jsonStrings, jsonSyntaxError, type JsonString } from './syntax';
