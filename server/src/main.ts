// Entry point of the bundled language server (dist/server.cjs): the transport comes from argv (--node-ipc, --stdio, --socket=).

import { startServer } from './lsp/server.ts';
import { setGlmPassFactory } from './engine/parallel.ts';
import { twoThreadGlm } from './node/glm-parallel.ts';

// Large GLM fits (MLE: Fit Model) use both cores, as in the CLI.
setGlmPassFactory(twoThreadGlm);
startServer();
