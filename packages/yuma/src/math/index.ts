export * from './fixed32.js';
export * from './vector.js';
export * from './sigmoid.js';
export * from './dense.js';
export * from './sparse.js';
export * from './median.js';
