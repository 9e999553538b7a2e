export { parseJsonExact, JsonParseError, type JsonValue } from './parse.js';
