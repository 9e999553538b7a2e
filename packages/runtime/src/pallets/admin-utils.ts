/** AdminUtils (pallet index 19): sudo_set_* hyperparameter calls (being implemented). */
import { Pallet } from '../frame/pallet.js';

export const adminUtils = new Pallet({ name: 'AdminUtils', index: 19, calls: [], errors: [] });
