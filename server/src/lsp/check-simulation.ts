// The `mle/checkSimulation` request: the check by simulation runs in a fit thread of its own, reporting progress.

import { LSPErrorCodes, RequestType, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { DEFAULT_CHECK_SEED } from '../fit/check-simulation.ts';
import { CheckSimulationRequest, type CheckSimulationParams, type CheckSimulationResponse } from '../protocol.ts';
import { fsPathOf } from './analyses.ts';
import { FitStopped } from './fit-runner.ts';
import { guard, type Services } from './request.ts';
import { modelDocument, progressNotifier } from './model-document.ts';

export const CheckSimulationRequestType = new RequestType<CheckSimulationParams, CheckSimulationResponse, void>(
  CheckSimulationRequest,
);

const failure = (message: string): CheckSimulationResponse => ({ ok: false, diagnostics: [], message });

/** Replicates as asked, kept to 2…100,000 (a whole number). */
const clampReplicates = (r: number): number =>
  Number.isFinite(r) ? Math.min(100_000, Math.max(2, Math.round(r))) : 200;

export function checkSimulationHandler(svc: Services) {
  return (params: CheckSimulationParams, token?: CancellationToken): Promise<CheckSimulationResponse> =>
    guard(
      svc,
      'checkSimulation',
      () => {
        const t0 = performance.now();
        const modelPath = fsPathOf(params.uri);
        const model = modelDocument(svc, params.uri);
        if (!model) return Promise.resolve(failure(`The document ${params.uri} is not open in the language server.`));
        const { doc, open } = model;
        const onProgress = progressNotifier(svc, params.uri, params.progressId, t0);
        const task = {
          kind: 'check' as const,
          replicates: clampReplicates(params.replicates),
          seed: Number.isInteger(params.seed) ? params.seed! : DEFAULT_CHECK_SEED,
        };
        const run = svc.analyses.runTask(doc, modelPath ?? params.uri, task, { signal: token, onProgress });
        if (!open) svc.analyses.drop(params.uri);
        return run.then(
          (a) => (a.kind === 'check' ? a.response : failure('internal: unexpected answer')),
          (e: unknown) => {
            if (e instanceof FitStopped) throw new ResponseError(LSPErrorCodes.RequestCancelled, e.message);
            return failure(`The check failed: ${e instanceof Error ? e.message : String(e)}`);
          },
        );
      },
      (message) => Promise.resolve(failure(`The check failed: ${message}`)),
    );
}
