// The `mle/checkSimulation` request: the check by simulation runs in a fit thread of its own, reporting progress.

import { readFileSync } from 'node:fs';
import { LSPErrorCodes, RequestType, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FitProgress } from '../engine/optimize/progress.ts';
import { DEFAULT_CHECK_SEED } from '../fit/check-simulation.ts';
import {
  CheckSimulationRequest,
  FitProgressNotification,
  type CheckSimulationParams,
  type CheckSimulationResponse,
  type FitProgressParams,
} from '../protocol.ts';
import { fsPathOf } from './analyses.ts';
import { FitStopped } from './fit-runner.ts';
import { guard, type Services } from './request.ts';

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
        let doc = svc.documents.get(params.uri);
        const open = !!doc;
        if (!doc) {
          if (!modelPath)
            return Promise.resolve(failure(`The document ${params.uri} is not open in the language server.`));
          doc = TextDocument.create(params.uri, 'mle', 0, readFileSync(modelPath, 'utf8'));
        }
        const onProgress = (p: FitProgress): void => {
          const n: FitProgressParams = {
            uri: params.uri,
            progressId: params.progressId,
            ...p,
            elapsedMs: performance.now() - t0,
          };
          void svc.connection.sendNotification(FitProgressNotification, n).catch(() => undefined);
        };
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
