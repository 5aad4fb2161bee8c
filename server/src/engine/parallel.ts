// Hook for running row passes on more cores: the engine defines the shape, the Node edge plugs in worker threads.

/** One IRLS pass over all rows: fills g and H (upper triangle) for `beta`, returns the log-likelihood. */
export type GlmPassFn = (
  beta: Float64Array,
  derivs: boolean,
  g: Float64Array,
  H: Float64Array,
  extreme: Int32Array,
) => number;

export interface GlmPassRunner {
  readonly pass: GlmPassFn;
  close(): void;
}

/**
 * Given the design's numeric columns and the data of a GLM, returns a parallel pass, or undefined to stay on one
 * thread. With factors, `idx` holds each row's F active factor coefficients and g, H have P = p + free levels entries
 * per side.
 */
export type GlmPassFactory = (
  family: number,
  cols: readonly Float64Array[],
  off: Float64Array,
  y: Float64Array,
  size: Float64Array | undefined,
  idx?: Int32Array,
  F?: number,
  P?: number,
) => GlmPassRunner | undefined;

let factory: GlmPassFactory | undefined;

/** Registered once by the process entry (CLI, server); the engine itself never touches threads. */
export function setGlmPassFactory(f: GlmPassFactory | undefined): void {
  factory = f;
}

export function glmPassFactory(): GlmPassFactory | undefined {
  return factory;
}
