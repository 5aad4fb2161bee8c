// The list of semantic checks, run in this order; each lives in its own file.

import type { Check } from './context.ts';
import { duplicateName } from './duplicate-name.ts';
import { shadowedName } from './shadowed-name.ts';
import { unknownName } from './unknown-name.ts';
import { unknownDistribution } from './unknown-distribution.ts';
import { arity } from './arity.ts';
import { mixtureSupport } from './mixture-support.ts';
import { fitOptions } from './fit-options.ts';
import { constraints } from './constraints.ts';
import { modelStructure } from './model-structure.ts';
import { unusedParameter } from './unused-parameter.ts';
import { unconstrainedScale } from './unconstrained-scale.ts';
import { dataFile } from './data-file.ts';
import { dataFormat } from './data-format.ts';
import { nonNumeric } from './non-numeric.ts';
import { dataSupport } from './data-support.ts';
import { missingRows } from './missing-rows.ts';
import { tooFewRows } from './too-few-rows.ts';
import { sampledData } from './sampled-data.ts';
import { nonRegular } from './non-regular.ts';
import { invalidIndex } from './invalid-index.ts';
import { factorReference } from './factor-reference.ts';
import { categoricalReference } from './categorical-reference.ts';
import { categoricalOutcome } from './categorical-outcome.ts';
import { categoricalEmptyLevel } from './categorical-empty-level.ts';
import { nonRegularCondition } from './non-regular-condition.ts';
import { transformedOutcome } from './transformed-outcome.ts';
import { summaryArgument } from './summary-argument.ts';
import { censoring } from './censoring.ts';
import { truncation } from './truncation.ts';

/** Checks that need only the text (run on every keystroke). */
export const syntacticChecks: readonly Check[] = [
  duplicateName,
  shadowedName,
  unknownName,
  unknownDistribution,
  arity,
  mixtureSupport,
  fitOptions,
  constraints,
  modelStructure,
  unusedParameter,
  unconstrainedScale,
  nonRegular,
  invalidIndex,
  factorReference,
  categoricalReference,
  categoricalOutcome,
  categoricalEmptyLevel,
  nonRegularCondition,
  transformedOutcome,
  summaryArgument,
  censoring,
  truncation,
];

/** Checks that need the loaded data. */
export const dataChecks: readonly Check[] = [
  dataFile,
  dataFormat,
  nonNumeric,
  dataSupport,
  missingRows,
  tooFewRows,
  sampledData,
];
