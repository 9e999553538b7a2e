/** Pieces the `tao config` commands share. */
import type { JsonSchema } from '../../framework/schema.js';
import { SETTINGS } from '../../framework/settings.js';

export const settingValueSchema: JsonSchema = { type: ['string', 'boolean', 'number'] };

export const KEY_LIST = SETTINGS.map((s) => s.key).join(', ');

/** How a stored value is shown: strings bare, others as JSON. */
export function showValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
