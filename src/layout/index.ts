/** The layout module's public face: load and validate pages, the JSON Schema, page evaluation. */
export { formatProblem, isLayoutFileName, isShownPage, layoutName, loadLayoutFile, parseLayoutObject, parseLayoutText, MAX_LAYOUT_BYTES } from './load.js';
export { layoutJsonSchema, LAYOUT_DEFAULTS } from './schema.js';
export { parseDuration } from './duration.js';
export type * from './types.js';
export { evaluatePage } from './evaluate.js';
