// Plain serialisable types shared across the process boundary: the `mle fit --json` shape (cli.md) and custom LSP requests.

import type { PositionRange } from './language/positions.ts';

// The client imports nothing from the server but this file: the types it needs are re-exported here.
export type { PositionRange };

export interface JsonDiagnostic {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  readonly range: PositionRange;
  /** Added: "fit" for a diagnostic found while fitting (not by the model's checks), shown in the Problems panel. */
  readonly source?: 'fit';
}

export interface JsonInterval {
  readonly wald: readonly [number | null, number | null];
  readonly profile?: readonly [number | null, number | null];
}

export interface JsonParameter {
  readonly name: string;
  readonly estimate: number | null;
  readonly se: number | null;
  readonly z: number | null;
  readonly p: number | null;
  readonly ci: JsonInterval;
  readonly seRobust: number | null;
  /** Added to the contract: the declared constraint as written, e.g. "> 0". */
  readonly constraint?: string;
  /** Added: the maximum lies on the edge of the parameter's range, at this bound or at "+Infinity" / "-Infinity". */
  readonly edge?: number | '+Infinity' | '-Infinity';
  /** Added: the information is singular along a direction this parameter loads on; SE, z, p and CI are null. */
  readonly notIdentified?: true;
  /** Added: the Wald interval reached outside the declared range and was cut at the bound on this side. */
  readonly clipped?: 'lower' | 'upper' | 'both';
  /** v2, elements of a vector parameter only: the vector's name (`b` for `b[B,H]`). */
  readonly base?: string;
  /** v2, elements only: the element's level per index (`["B", "H"]`; `["2"]` for `mu[2]`). */
  readonly index?: readonly string[];
  /** v2, elements only: true when `ref` fixes the element at 0 (estimate 0, null SE, not counted in k). */
  readonly fixed?: boolean;
}

export interface JsonDerived {
  readonly name: string;
  readonly estimate: number | null;
  readonly se: number | null;
  readonly ci: JsonInterval;
}

/** The result of `mle fit --json`; fields may be added, never renamed (cli.md). */
export interface FitJson {
  readonly model: string;
  readonly data: {
    readonly path: string;
    readonly rows: number;
    readonly rowsUsed: number;
    readonly rowsDropped: number;
  } | null;
  readonly objective: 'likelihood' | 'posterior';
  readonly method: string;
  readonly converged: boolean;
  readonly iterations: number;
  readonly n: number;
  readonly k: number;
  /** Added, only when the information is singular: its rank, the dimension AIC and BIC count (as R's lm df). */
  readonly kIdentified?: number;
  /** Added, with kIdentified: why AIC/BIC count fewer dimensions than k. */
  readonly kNote?: string;
  readonly logLik: number | null;
  readonly logPosterior: number | null;
  readonly aic: number | null;
  readonly bic: number | null;
  readonly gradientNorm: number | null;
  readonly conditionNumber: number | null;
  readonly level: number;
  readonly parameters: readonly JsonParameter[];
  readonly derived: readonly JsonDerived[];
  readonly covariance: readonly (readonly (number | null)[])[] | null;
  readonly correlation: readonly (readonly (number | null)[])[] | null;
  readonly diagnostics: readonly JsonDiagnostic[];
  /** Added: wall time of the fit in milliseconds. */
  readonly elapsedMs?: number;
  /** Added: for each i.i.d. likelihood term, a histogram of the data and the fitted distribution as expected counts. */
  readonly plots?: readonly {
    readonly term: string;
    readonly discrete: boolean;
    readonly edges: readonly number[];
    readonly counts: readonly number[];
    readonly x: readonly number[];
    readonly expected: readonly number[];
  }[];
  /** Added: for each regression term, mean observed against mean fitted in 20 bins of the fitted mean (calibration). */
  readonly calibration?: readonly {
    readonly term: string;
    readonly fitted: readonly number[];
    readonly observed: readonly number[];
    readonly rows: readonly number[];
  }[];
  /**
   * Added: for each regression term, randomized quantile residuals (Dunn & Smyth 1996) against the fitted mean, and
   * sorted against standard Normal quantiles (Q–Q); at most 2,000 evenly spaced rows.
   */
  readonly residuals?: readonly {
    readonly term: string;
    readonly discrete: boolean;
    readonly fitted: readonly number[];
    readonly residual: readonly number[];
    readonly theoretical: readonly number[];
    readonly sample: readonly number[];
    readonly rows: number;
  }[];
  /**
   * Added, for censored terms (not left-censored) and truncated continuous regressions: the Kaplan–Meier estimate
   * (distinct `time`s, `km` just after each, rows `censored` there) against the fitted survival `fitted` at `x`. `kind`
   * `outcome`: of y itself (an i.i.d. term, S conditional on a truncation range); `cox-snell`: of the Cox–Snell
   * residuals −log S(y | fitted arguments), against the unit exponential's e^(−x). At most 5,000 evenly spaced rows.
   */
  readonly survival?: readonly {
    readonly term: string;
    readonly kind: 'outcome' | 'cox-snell';
    readonly time: readonly number[];
    readonly km: readonly number[];
    readonly censored: readonly number[];
    readonly x: readonly number[];
    readonly fitted: readonly number[];
    readonly rows: number;
    readonly events: number;
  }[];
  /** Added: for each likelihood term with no fit-to-data plot (plots, calibration, residuals, survival), why not. */
  readonly plotNotes?: readonly { readonly term: string; readonly reason: string }[];
  /**
   * Added: optimizer runs (1 + restarts), how many reached the best optimum, the distinct optima the runs ended at
   * (log-likelihood, or log-posterior with priors, and how many runs; best first), and whether `auto` restarted.
   */
  readonly restarts?: {
    readonly runs: number;
    readonly reachedBest: number;
    readonly distinctOptima: readonly { readonly logLik: number; readonly runs: number }[];
    readonly auto: boolean;
  } | null;
  /** Added: the convergence verdict, the optimality condition checked at the estimate and its outcome in words. */
  readonly optimality?: { readonly ok: boolean; readonly condition: string; readonly maxScaledScore: number | null };
  /** Added: present only with `fit bootstrap = N`. */
  readonly bootstrap?: JsonBootstrap;
  /** Added: what the fit was computed from, so an editor can tell when it is out of date (cli.md). */
  readonly source?: FitSource;
  /**
   * Added: which inference the rows show. `z`: asymptotic (Wald z, Normal quantiles). `t` (`fit df = residual`, linear
   * Normal models): R's summary(lm), σ = √(RSS/(n − p)), each row's `z` holds the t statistic with `df` degrees of freedom.
   */
  readonly inference?: { readonly kind: 'z' } | { readonly kind: 't'; readonly df: number };
  /**
   * Added, with `fit ci = profile`: per parameter (then per derived quantity, marked `derived: true`), the profile deviance 2(ℓ̂ − ℓ_p(x)) at the points the interval search
   * evaluated (sorted by x, the estimate at deviance 0), and the χ²₁ cutoff at `level`.
   */
  readonly profiles?: readonly JsonProfileCurve[];
}

/** One parameter's (or derived quantity's) profile-likelihood curve (FitJson.profiles). */
export interface JsonProfileCurve {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  readonly cutoff: number;
  /**
   * Added: true for a `derive`d quantity g(θ): the deviance 2(ℓ̂ − max{ℓ(θ) : g(θ) = x}), the constrained maximum
   * found by Newton on the Lagrangian; its interval ends are the `derived` row's `ci.profile`.
   */
  readonly derived?: true;
}

/** The model text (FNV-1a 64 of its UTF-8 bytes, 16 hex digits) and the data file version a fit used. */
export interface FitSource {
  readonly textHash: string;
  /** The data file as read: absolute path, size in bytes, modification time (ms since the epoch); null without one. */
  readonly data: { readonly path: string; readonly size: number; readonly mtimeMs: number } | null;
}

/** Added: `fit bootstrap = N`, the parametric bootstrap (replicates simulated at the estimates and refitted). */
export interface JsonBootstrap {
  readonly replicates: number;
  /** Refits excluded from the summaries: an error, no convergence, or a non-finite estimate. */
  readonly failed: number;
  readonly seed: number;
  /** Per free parameter: bootstrap SE, percentile interval at the fit's level, bias = mean of refits − estimate. */
  readonly parameters: readonly {
    readonly name: string;
    readonly se: number | null;
    readonly lower: number | null;
    readonly upper: number | null;
    readonly bias: number | null;
  }[];
  readonly elapsedMs: number;
  /** Why the bootstrap was not run (the fit did not converge, or a term cannot be simulated). */
  readonly error?: string;
}

/**
 * Custom request from the client: a standalone HTML report of a fit (the panel's renderer with the fit inlined), as
 * `mle fit --html` writes; null when the bundled renderer is missing.
 */
export const ReportRequest = 'mle/report';
export interface ReportRequestParams {
  readonly result: FitJson;
}
export interface ReportResponse {
  readonly html: string | null;
}

/** Custom request from the client: fit the model in the given open document. */
export const FitRequest = 'mle/fit';
export interface FitRequestParams {
  readonly uri: string;
  /** Chosen by the client: the server's `mle/fitProgress` notifications for this fit carry it. */
  readonly progressId?: string;
  /**
   * The editor's settings `mle.fit.level`, `mle.fit.ci`, `mle.fit.se`: applied to each option the model's `fit`
   * statement does not set (the model text always wins); invalid values are ignored.
   */
  readonly defaults?: FitDefaults;
}

/** Fit options the editor supplies as defaults (FitRequestParams.defaults). */
export interface FitDefaults {
  readonly level?: number;
  readonly ci?: 'wald' | 'profile';
  readonly se?: 'observed' | 'expected' | 'sandwich';
  /**
   * Added: the setting `mle.data.memoryBudget`, in MB (0 or absent: a quarter of the RAM). Data whose in-memory fit
   * would exceed it are fitted inside DuckDB (a logistic regression) or refused (docs/cli.md, `--memory-budget`).
   */
  readonly memoryBudget?: number;
}
/**
 * A cancelled fit (`$/cancelRequest`) answers with the LSP error RequestCancelled (-32800), as does a fit replaced by a
 * newer fit of the same document (its message says so); the server stops the fit's thread either way.
 */
export const FIT_CANCELLED_CODE = -32800;

/** Server → client, at most ~10 per second while a fit runs: where it is, for the progress notification. */
export const FitProgressNotification = 'mle/fitProgress';
export interface FitProgressParams {
  readonly uri: string;
  readonly progressId?: string;
  /** `preparing`: loading data and checking the model; then the engine's phases. */
  readonly phase: 'preparing' | 'optimising' | 'profiles' | 'bootstrap' | 'simulation';
  readonly iteration?: number;
  /** The objective at the current iterate: log-likelihood (log-posterior with priors). */
  readonly objective?: number;
  /** Profiles: k of p intervals; bootstrap and simulation (check by simulation): i of N refits. */
  readonly done?: number;
  readonly total?: number;
  /** Since the request arrived. */
  readonly elapsedMs: number;
}

/** A number as people read it: a real minus sign, at most 6 significant digits. */
const progressNumber = (x: number): string => Number(x.toPrecision(6)).toString().replace('-', '−');

/**
 * The one-line text of a fit's progress, shared by the editor's notification and the CLI's stderr line:
 * "optimising · iteration 12 · logLik −1234.5 · 3.2 s"; "profiles 2 of 4 · …"; "bootstrap 17 of 200 · …".
 */
export function progressMessage(p: Omit<FitProgressParams, 'uri'> & { readonly uri?: string }): string {
  const parts: string[] = [];
  if (p.phase === 'preparing') parts.push('loading data and checking the model');
  else if (p.done !== undefined && p.total !== undefined) parts.push(`${p.phase} ${p.done} of ${p.total}`);
  else parts.push(p.phase);
  if (p.iteration !== undefined) parts.push(`iteration ${p.iteration}`);
  if (p.objective !== undefined) parts.push(`logLik ${progressNumber(p.objective)}`);
  parts.push(`${(p.elapsedMs / 1000).toFixed(1)} s`);
  return parts.join(' · ');
}

/**
 * Server → client: whether the last fit of `uri` still matches its source. Sent when that changes: the model text was
 * edited (or edited back) or its data file changed on disk. Hover, inlay hints and the code lens stop showing a stale
 * fit's numbers.
 */
export const FitFreshnessNotification = 'mle/fitFreshness';
export interface FitFreshnessParams {
  readonly uri: string;
  readonly stale: boolean;
  /** What changed since the fit, when stale. */
  readonly reason?: 'model' | 'data';
}

/** Client → server (tools and tests): how many fit threads are alive now. */
export const FitStatusRequest = 'mle/fitStatus';
export interface FitStatus {
  readonly threads: number;
}
/** Either a fit (possibly with warnings) or the errors that prevented one. */
export type FitResponse =
  | { readonly ok: true; readonly result: FitJson }
  | { readonly ok: false; readonly diagnostics: readonly JsonDiagnostic[]; readonly message: string };

/**
 * Custom request from the client (MLE: Open Data): a window of rows of the data file the model links, read from the
 * data worker's loaded table (the file is read once; the data-access rules apply). A refused or unreadable file answers
 * with an error (code DATA_ROWS_REFUSED_CODE), never with data.
 */
export const DataRowsRequest = 'mle/dataRows';
export interface DataRowsParams {
  /** The model (.mle) whose linked data file is shown. */
  readonly uri: string;
  /** First row of the window, 0-based over the data rows (header excluded). */
  readonly start: number;
  /** Rows wanted; the server caps a window at DATA_ROWS_MAX. */
  readonly count: number;
}
export const DATA_ROWS_MAX = 2000;
/** The LSP error code (RequestFailed) of a dataRows request whose data cannot or may not be read. */
export const DATA_ROWS_REFUSED_CODE = -32803;

/** A column's header summary: numeric columns have min/mean/max, factors (text columns) their levels with counts. */
export interface DataColumnSummary {
  readonly name: string;
  readonly type: 'numeric' | 'factor';
  /** Non-missing cells. */
  readonly n: number;
  readonly missing: number;
  readonly min?: number | null;
  readonly mean?: number | null;
  readonly max?: number | null;
  /** Factors: every level (code-point order) with its row count; at most 50, the rest counted in `otherLevels`. */
  readonly levels?: readonly { readonly level: string; readonly count: number }[];
  readonly otherLevels?: number;
  /** The model's likelihood uses this column (a missing cell in it drops the row). */
  readonly used: boolean;
}

export interface DataRowsResponse {
  /** The data file as written in the model's `data` statement. */
  readonly path: string;
  readonly columns: readonly DataColumnSummary[];
  /** The window's first row (0-based), as clamped by the server. */
  readonly start: number;
  /** One array per row of the window, one cell per column, as text; null where the cell is missing. */
  readonly rows: readonly (readonly (string | null)[])[];
  /** All data rows of the file. */
  readonly total: number;
  /** The 0-based row numbers, within this window, that the model drops (a missing value in a used column). */
  readonly dropped: readonly number[];
  /** Rows dropped over the whole file. */
  readonly droppedTotal: number;
  /**
   * Added: the version of the file the window was read from (size in bytes, modification time in ms since the epoch),
   * so the viewer never mixes windows of two versions: a window of another version makes it reload.
   */
  readonly stamp?: { readonly size: number; readonly mtimeMs: number };
}

/** Custom request from the client: fit each model (2 or more, by URI; open or on disk) and compare them (cli.md). */
export const CompareRequest = 'mle/compare';
export interface CompareRequestParams {
  readonly uris: readonly string[];
  /** The `mle/fitProgress` notifications of the fits carry it (each with its own model's uri). */
  readonly progressId?: string;
}
export type CompareResponse =
  | { readonly ok: true; readonly result: CompareJson }
  /** `model`: the model that could not be fitted (its diagnostics); absent for a data mismatch. */
  | {
      readonly ok: false;
      readonly message: string;
      readonly model?: string;
      readonly diagnostics: readonly JsonDiagnostic[];
    };

/** The comparison (`mle compare --json`): information criteria, Akaike weights, likelihood-ratio tests. */
export interface CompareJson {
  readonly data: { readonly path: string; readonly rowsUsed: number } | null;
  readonly models: readonly CompareModelJson[];
  readonly tests: readonly LikelihoodRatioTestJson[];
  /** Models left out of ΔAIC, the weights and the tests, with the reason. */
  readonly excluded: readonly { readonly model: string; readonly reason: string }[];
  readonly notes: readonly string[];
}
export interface CompareModelJson {
  readonly model: string;
  readonly converged: boolean;
  readonly verdict: string;
  readonly objective: 'likelihood' | 'posterior';
  readonly k: number;
  readonly n: number;
  readonly logLik: number | null;
  readonly aic: number | null;
  readonly deltaAic: number | null;
  readonly akaikeWeight: number | null;
  readonly bic: number | null;
}
export interface LikelihoodRatioTestJson {
  readonly smaller: string;
  readonly larger: string;
  readonly statistic: number;
  readonly df: number;
  readonly p: number;
  /** 'chibar2': the χ̄² mixture, some restricted parameters lying on a bound of their range. */
  readonly reference: 'chisq' | 'chibar2';
  readonly restricted: readonly string[];
  readonly boundary: readonly string[];
  readonly note?: string;
}

/** Custom request from the client: the server's in-memory history of the document's successful fits (newest last). */
export const HistoryRequest = 'mle/history';
export interface HistoryRequestParams {
  readonly uri: string;
}
export interface FitHistoryEntry {
  /** When the fit finished, ms since the epoch. */
  readonly time: number;
  readonly logLik: number | null;
  readonly aic: number | null;
  readonly k: number;
  readonly converged: boolean;
  /** Per parameter of this fit: its estimate and the change since the previous fit (null: new, or not estimated). */
  readonly estimates: readonly {
    readonly name: string;
    readonly estimate: number | null;
    readonly change: number | null;
  }[];
  /** Parameters of the previous fit that this fit no longer has. */
  readonly removed: readonly string[];
}
export interface HistoryResponse {
  readonly uri: string;
  /** At most HISTORY_LIMIT fits, oldest first. */
  readonly fits: readonly FitHistoryEntry[];
}
export const HISTORY_LIMIT = 20;

/** Custom request from the client: simulate datasets at the model's estimates, refit each, summarise (cli.md). */
export const CheckSimulationRequest = 'mle/checkSimulation';
export interface CheckSimulationParams {
  readonly uri: string;
  readonly replicates: number;
  readonly seed?: number;
  readonly progressId?: string;
}
export type CheckSimulationResponse =
  | { readonly ok: true; readonly result: SimulationCheckJson }
  | { readonly ok: false; readonly message: string; readonly diagnostics: readonly JsonDiagnostic[] };

/** A value estimated by Monte Carlo and its standard error (null when fewer than 2 usable replicates). */
export interface McValue {
  readonly value: number | null;
  readonly mcse: number | null;
}
/** `mle check-sim --json`: the fit's behaviour on data simulated at its own estimates. */
export interface SimulationCheckJson {
  readonly model: string;
  readonly replicates: number;
  /** Refits excluded: an exception, no convergence, a non-finite estimate. */
  readonly failed: number;
  readonly seed: number;
  readonly level: number;
  readonly parameters: readonly {
    readonly name: string;
    /** The estimate the data were simulated at. */
    readonly truth: number;
    /** Mean of the refits' estimates minus truth. */
    readonly bias: McValue;
    /** Standard deviation of the refits' estimates. */
    readonly sd: McValue;
    /** Mean of the refits' Wald standard errors (compare with sd). */
    readonly meanSe: McValue;
    /** Fraction of Wald intervals containing truth (nominal: level). */
    readonly waldCoverage: McValue;
    /** Only with `fit ci = profile`. */
    readonly profileCoverage?: McValue;
  }[];
  readonly elapsedMs: number;
  /** Why the check was not run (no convergence, a term that cannot be simulated). */
  readonly error?: string;
}
