// Strategy: a mixture whose weights and component arguments are parameters, by EM from data-driven starts (quantile
// splits, seeded k-means, the user's inits) then Newton; the best non-degenerate maximum, honestly labelled.

import type { Strategy } from '../solution.ts';
import { mixtureProblem, mixtureTerm } from '../mixture-setup.ts';
import { bestRun, distinctOptima, mixtureRuns, reachedBest, userGaveInits } from '../mixture-runs.ts';
import { canonicalLabels, exchangeable } from '../mixture-labels.ts';
import { degeneracyWarnings, mixtureNote } from '../mixture-report.ts';

export const mixtureEmStrategy: Strategy = {
  name: 'mixture-em',
  solve({ model, pb, warnings }) {
    const m = model.options.method;
    if (m !== 'auto' && m !== 'em') return { skip: `method = ${m} was requested` };
    const t = mixtureTerm(model, pb.terms);
    if (typeof t === 'string') return { skip: t };
    const pr = mixtureProblem(model, pb, t);
    if (typeof pr === 'string') return { skip: pr };

    const runs = mixtureRuns(model, pb, pr);
    const best = bestRun(runs);
    const natural = Float64Array.from(best.opt.u, (v, j) => pb.tr[j].toNatural(v));
    const theta = canonicalLabels(pr, natural, model.params);
    // Unrelabelled, the optimizer's own u (bit for bit): the information then replays Newton's last pass.
    const u = theta.every((v, j) => Object.is(v, natural[j]))
      ? best.opt.u
      : Float64Array.from(theta, (v, j) => pb.tr[j].toFree(v));
    const names = model.params.map((p) => p.name);
    const inits = userGaveInits(model, pr);
    const counts = new Map<string, number>();
    for (const r of runs) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
    const labels = [...counts].map(([l, c]) => (c > 1 ? `${l} ×${c}` : l)).join(', ');
    warnings.push(
      mixtureNote(
        pr,
        {
          runs: runs.length,
          optima: distinctOptima(runs),
          degenerateRuns: runs.filter((r) => r.degenerate).length,
          labels,
          labelling: !exchangeable(pr)
            ? undefined
            : inits
              ? 'Components are labelled to match your inits.'
              : 'Components are numbered by increasing mean (give inits to choose the labels).',
        },
        t.source,
      ),
    );
    const degenerate = degeneracyWarnings(pr, theta, names, t.source);
    warnings.push(...degenerate);
    return {
      inferenceNotes: degenerate.length
        ? [
            'the mixture is degenerate at this estimate (see its warnings): its observed information does not give valid SEs',
          ]
        : undefined,
      opt: { ...best.opt, u },
      method: 'em + newton',
      restartInfo: { runs: runs.length, reachedBest: reachedBest(runs, best), distinctOptima: distinctOptima(runs) },
      autoRestarted: true,
    };
  },
};
