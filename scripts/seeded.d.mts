/** mulberry32: a seeded generator of numbers in [0, 1). */
export function seeded(seed: number): () => number;
