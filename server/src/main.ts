// Entry point of the bundled language server (dist/server.cjs): the transport comes from argv (--node-ipc, --stdio, --socket=).

import { startServer } from './lsp/server.ts';

startServer();
