// Fits an analysed model and shapes the result as the `mle fit --json` contract (cli.md); shared by the CLI and the server.

import type { Analysis, DataLoad } from '../language/analysis-types.ts';
import { diag, hasErrors, type Code, type Diagnostic } from '../language/diagnostics.ts';
import { lower } from '../language/lower.ts';
import { fitModel, type EngineFit } from '../engine/fit.ts';
import { resolveDist } from '../engine/distributions/index.ts';
import type { DistSpec } from '../engine/model.ts';
import type { FitDefaults, FitJson, FitResponse, FitSource, JsonBootstrap, JsonInterval } from '../protocol.ts';
import { withProgress, type ProgressListener } from '../engine/optimize/progress.ts';
import { textHash } from './text-hash.ts';
import { parametricBootstrap, type ReplicateSpread } from '../engine/inference/bootstrap.ts';
import { toJsonDiagnostics } from './json-diagnostics.ts';
import { densityPlots } from './density-plot.ts';
import { calibrationPlots } from './calibration-plot.ts';
import { residualPlots } from './residual-plot.ts';
import { survivalPlots } from './survival-plot.ts';
import { classFrequencyPlots } from './class-frequency-plot.ts';
import { plotNotes } from './plot-notes.ts';
import { withDataOutcomes } from './term-shape.ts';
import type { EngineModel, FitOptions } from '../engine/model.ts';
import { vectorRows } from './vector-rows.ts';
import { outcomeJacobian } from '../language/outcome-jacobian.ts';
import { editorDefaults } from './editor-defaults.ts';

const supported = (d: DistSpec): boolean => !!resolveDist(d, 1);

function fail(an: Analysis, ds: readonly Diagnostic[], message: string): FitResponse {
  return { ok: false, diagnostics: toJsonDiagnostics(an.text, ds), message };
}

/**
 * Runs the fit; never throws on user input: errors come back as diagnostics. `overrides` replace `fit` options (the R
 * agreement test asks every model for profile intervals and expected-information SEs this way).
 */
export function runFit(
  an: Analysis,
  modelPath: string,
  overrides: Partial<FitOptions> = {},
  edge: RunFitEdge = {},
): FitResponse {
  const errors = an.diagnostics.filter((d) => d.severity === 'error');
  if (hasErrors(an.diagnostics))
    return fail(
      an,
      errors,
      `The model has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before fitting.`,
    );
  if (!an.data?.ok) return fail(an, an.diagnostics, 'The data file could not be loaded.');
  if ((an.rowsUsedCount ?? 0) === 0) {
    const d = diag(
      'error',
      'too-few-rows',
      an.dataStmt?.span ?? an.file.span,
      an.data.table.rows === 0
        ? 'The data file has a header but no data rows: there is nothing to fit.'
        : `All ${an.data.table.rows} rows have a missing value in a column the model uses, so no row is left to fit.`,
    );
    return fail(an, [d], d.message);
  }
  const model = modelFor(an, overrides, edge.defaults);
  const unsupported = model.terms.concat(model.priors).find((t) => !supported(t.dist));
  if (unsupported) {
    const st = an.file.statements[unsupported.source];
    const d = diag(
      'error',
      'unsupported-distribution',
      st.span,
      `The fitting engine does not support ${unsupported.dist.name} yet.`,
    );
    return fail(an, [d], d.message);
  }
  let fit: EngineFit;
  try {
    fit = withProgress(edge.onProgress, () => fitModel(model));
  } catch (e) {
    // An exception here is an engine bug, not a user error: report it as a diagnostic instead of crashing.
    const d = diag(
      'error',
      'internal-error',
      an.file.span,
      `Internal error in the fitting engine (a bug, not a problem with the model): ${(e as Error).message}`,
    );
    return fail(an, [d], d.message);
  }
  if (model.options.df === 'residual' && fit.inference.kind !== 't') {
    const st = an.file.statements.find((x) => x.kind === 'fit');
    const d = diag(
      'error',
      'invalid-option',
      st?.span ?? an.file.span,
      `\`fit df = residual\` gives R's summary(lm) inference (σ² estimated by RSS/(n − p), t tests with n − p df), which is exact only for one Normal term whose mean is linear in its coefficients, with σ a parameter > 0, no priors and a full-rank design, fitted by least squares (method = auto). This model was fitted by ${fit.method}, so its inference is asymptotic: remove \`df = residual\`.`,
    );
    return fail(an, [d], d.message);
  }
  const json = withJacobian(an, withVectors(an, toFitJson(an, modelPath, fit, model)));
  const result =
    model.options.bootstrap > 0
      ? {
          ...json,
          bootstrap: withProgress(edge.onProgress, () =>
            bootstrapOf(model, fit, spreadOf(an, modelPath, overrides, edge)),
          ),
        }
      : json;
  return { ok: true, result: { ...result, source: sourceOf(an) } };
}

/** What the process running the fit may add: a listener for progress reports (the language server's fit worker). */
export interface RunFitEdge {
  readonly onProgress?: ProgressListener;
  /** The editor's settings for options the model's `fit` statement leaves out (the model text wins). */
  readonly defaults?: FitDefaults;
  /** Starts helper threads for bootstrap replicates (node/bootstrap-threads.ts); absent: one thread. */
  readonly spreadReplicates?: (job: ReplicateJob) => ReplicateSpread | undefined;
}

/** What a helper thread needs to rebuild the same engine model: the text, its data, and the option layers. */
export interface ReplicateJob {
  readonly text: string;
  readonly data: DataLoad;
  readonly modelPath: string;
  readonly overrides: Partial<FitOptions>;
  readonly defaults?: FitDefaults;
}

/** The engine model of an analysed model: lowered, with the editor's defaults under the model's options. */
export function modelFor(an: Analysis, overrides: Partial<FitOptions> = {}, defaults?: FitDefaults): EngineModel {
  const lowered = lower(an);
  const options = { ...lowered.options, ...editorDefaults(an, defaults), ...overrides };
  return { ...lowered, options };
}

function spreadOf(
  an: Analysis,
  modelPath: string,
  overrides: Partial<FitOptions>,
  edge: RunFitEdge,
): ReplicateSpread | undefined {
  if (!edge.spreadReplicates || !an.data?.ok) return undefined;
  return edge.spreadReplicates({ text: an.text, data: an.data, modelPath, overrides, defaults: edge.defaults });
}

/** The text and the data version the fit used (FitJson.source). */
function sourceOf(an: Analysis): FitSource {
  const stamp = an.data?.ok ? an.data.stamp : undefined;
  return {
    textHash: textHash(an.text),
    data: stamp ? { path: stamp.path, size: stamp.size, mtimeMs: stamp.mtimeMs } : null,
  };
}

/** `fit bootstrap = N`: replicates at the estimates, refitted; not run from a fit that did not converge. */
function bootstrapOf(model: EngineModel, fit: EngineFit, spread: ReplicateSpread | undefined): JsonBootstrap {
  const { bootstrap: B, seed } = model.options;
  if (!fit.converged)
    return { replicates: B, failed: 0, seed, parameters: [], elapsedMs: 0, error: 'the fit did not converge' };
  try {
    return parametricBootstrap(model, fit.estimates, B, seed, fitModel, spread);
  } catch (e) {
    return {
      replicates: B,
      failed: 0,
      seed,
      parameters: [],
      elapsedMs: 0,
      error: `internal error: ${(e as Error).message}`,
    };
  }
}

/** v2 vector parameters: every element as a row (fixed ones too), simplex elements in place of their log-ratios. */
function withVectors(an: Analysis, json: FitJson): FitJson {
  if (!an.vectors?.size) return json;
  return { ...json, ...vectorRows(an, json.parameters, json.covariance, json.level) };
}

/** `fit jacobian = true` with a transformed outcome: the likelihood of the untransformed column (change of variables). */
function withJacobian(an: Analysis, json: FitJson): FitJson {
  const j = outcomeJacobian(an);
  if (j === undefined || !Number.isFinite(j)) return json;
  const add = (x: number | null, by: number): number | null => (x === null ? null : x + by);
  return {
    ...json,
    logLik: add(json.logLik, j),
    logPosterior: add(json.logPosterior, j),
    aic: add(json.aic, -2 * j),
    bic: add(json.bic, -2 * j),
  };
}

/** `kIdentified` and its note, only when a singular information leaves fewer identified directions than parameters. */
function identifiedDimension(fit: EngineFit): { kIdentified?: number; kNote?: string } {
  if (fit.kIdentified >= fit.k) return {};
  const lost = fit.k - fit.kIdentified;
  return {
    kIdentified: fit.kIdentified,
    kNote: `The information is singular in ${lost} direction${lost === 1 ? '' : 's'}: AIC and BIC count the ${fit.kIdentified} identified dimensions (its rank), as R's lm counts df, not the ${fit.k} parameters.`,
  };
}

/** `clipped` when the Wald interval was cut at the declared range (withinRange): the symmetric interval left it. */
function clippedOf(fit: EngineFit, model: EngineModel, j: number): { clipped?: 'lower' | 'upper' | 'both' } {
  const { lower, upper } = model.params[j];
  const [a, b] = fit.wald[j].ci;
  const lo = a !== null && lower !== undefined && a === lower && fit.estimates[j] !== lower;
  const hi = b !== null && upper !== undefined && b === upper && fit.estimates[j] !== upper;
  return lo && hi ? { clipped: 'both' } : lo ? { clipped: 'lower' } : hi ? { clipped: 'upper' } : {};
}

const round = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x);

/** `edge` of a parameter whose maximum lies on the edge of its range: a bound, or "+Infinity" / "-Infinity". */
function edgeOf(fit: EngineFit, j: number): { edge?: number | '+Infinity' | '-Infinity' } {
  const e = fit.edges.find((x) => x.param === j);
  if (!e) return {};
  return { edge: Number.isFinite(e.value) ? e.value : e.value > 0 ? '+Infinity' : '-Infinity' };
}

function toFitJson(an: Analysis, modelPath: string, fit: EngineFit, model: EngineModel): FitJson {
  // Plot data is shaped here, at the results layer, from the model and the estimates.
  const at = Float64Array.from(fit.estimates);
  const termText = (source: number): string =>
    an.text.slice(an.file.statements[source].span.start, an.file.statements[source].span.end);
  const fitDiags: Diagnostic[] = fit.warnings.map((w) => {
    const p = w.params.length ? an.params[w.params[0]] : undefined;
    const span = p
      ? p.ident.span
      : w.source !== undefined
        ? an.file.statements[w.source].span
        : (an.file.statements.find((s) => s.kind === 'likelihood')?.span ?? an.file.span);
    return diag(w.severity ?? 'warning', w.code as Code, span, w.message, {
      params: w.params.map((j) => an.params[j].ident.name),
    });
  });
  const ci = (w: { ci: [number | null, number | null] }, profile?: [number | null, number | null]): JsonInterval =>
    profile
      ? { wald: [round(w.ci[0]), round(w.ci[1])], profile: [round(profile[0]), round(profile[1])] }
      : { wald: [round(w.ci[0]), round(w.ci[1])] };
  const constraintText = (j: number): string | undefined => {
    const c = an.params[j].stmt.constraint;
    return !c
      ? undefined
      : c.kind === 'lower'
        ? `> ${c.lo}`
        : c.kind === 'upper'
          ? `< ${c.hi}`
          : `in (${c.lo}, ${c.hi})`;
  };
  const se = fit.wald.map((w) => w.se);
  const correlation =
    fit.cov?.map((row, i) => row.map((c, j) => (c === null || !se[i] || !se[j] ? null : c / (se[i]! * se[j]!)))) ??
    null;
  return {
    model: modelPath,
    data: an.data?.ok
      ? { path: an.data.path, rows: an.data.table.rows, rowsUsed: fit.n, rowsDropped: an.data.table.rows - fit.n }
      : null,
    objective: fit.objective,
    method: fit.method,
    converged: fit.converged,
    optimality: fit.optimality,
    iterations: fit.iterations,
    n: fit.n,
    k: fit.k,
    ...identifiedDimension(fit),
    logLik: fit.logLik,
    logPosterior: fit.logPosterior,
    aic: fit.aic,
    bic: fit.bic,
    gradientNorm: fit.gradientNorm,
    conditionNumber: round(fit.conditionNumber),
    level: fit.level,
    inference: fit.inference,
    ...(fit.profileCurves?.length
      ? {
          profiles: fit.profileCurves.map((c) => ({
            name: c.derived === undefined ? an.params[c.param].ident.name : model.derived[c.derived].name,
            points: c.points.filter(([x, d]) => Number.isFinite(x) && Number.isFinite(d)),
            cutoff: c.cutoff,
            ...(c.derived === undefined ? {} : { derived: true as const }),
          })),
        }
      : {}),
    parameters: an.params.map((p, j) => ({
      name: p.ident.name,
      estimate: round(fit.estimates[j]),
      se: round(fit.wald[j].se),
      z: round(fit.wald[j].z),
      p: round(fit.wald[j].p),
      ci: ci(fit.wald[j], fit.profile?.[j]),
      seRobust: round(fit.seRobust?.[j] ?? null),
      constraint: constraintText(j),
      ...edgeOf(fit, j),
      ...(fit.unidentified.includes(j) ? { notIdentified: true as const } : {}),
      ...clippedOf(fit, model, j),
    })),
    derived: fit.derived.map((d) => ({
      name: d.name,
      estimate: round(d.estimate),
      se: round(d.wald.se),
      ci: ci(d.wald, d.profile),
    })),
    covariance: fit.cov?.map((r) => r.map(round)) ?? null,
    correlation: correlation?.map((r) => r.map(round)) ?? null,
    // Fit-time diagnostics first (the verdict's warnings), each tagged so the editor can publish them as problems.
    diagnostics: [
      ...toJsonDiagnostics(an.text, fitDiags).map((d) => ({ ...d, source: 'fit' as const })),
      ...toJsonDiagnostics(an.text, an.diagnostics),
    ],
    elapsedMs: fit.elapsedMs,
    restarts: fit.restarts
      ? {
          ...fit.restarts,
          distinctOptima: fit.restarts.distinctOptima.filter((o) => Number.isFinite(o.logLik)),
        }
      : null,
    ...fitToData(model, at, termText),
  };
}

/** The fit-to-data plots, and for every likelihood term that has none a line saying why (FitJson.plotNotes). */
function fitToData(fitted: EngineModel, at: Float64Array, termText: (source: number) => string) {
  const model = withDataOutcomes(fitted);
  const plots = [...densityPlots(model, at), ...classFrequencyPlots(model, at)];
  const calibration = calibrationPlots(model, at);
  const residuals = residualPlots(model, at);
  const survival = survivalPlots(model, at);
  const plotted = new Set([...plots, ...calibration, ...residuals, ...survival].map((p) => p.source));
  const named = <T extends { source: number }>(ps: T[]) =>
    ps.map(({ source, ...p }) => ({ term: termText(source), ...p }));
  const notes = named(plotNotes(model, plotted));
  return {
    plots: named(plots),
    calibration: named(calibration),
    residuals: named(residuals),
    ...(survival.length ? { survival: named(survival) } : {}),
    ...(notes.length ? { plotNotes: notes } : {}),
  };
}
