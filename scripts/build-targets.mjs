// The esbuild targets of the shipped bundles, shared by scripts/build.mjs and the test that scans what we ship.
import { existsSync } from 'node:fs';

/** `production`: minified, no source maps (the packaged extension). */
export function buildTargets(production = false) {
  const common = {
    bundle: true,
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    legalComments: 'none',
  };
  // import.meta.url is only read when running from the .ts sources (tsx); in a CJS bundle __filename is used instead.
  // DuckDB is a native binding, loaded lazily (server/src/node/duckdb-engine.ts): never bundled, resolved at run time
  // from node_modules (the repository's, or the one a per-platform .vsix carries: see `npm run package`).
  const node = {
    ...common,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    define: { 'import.meta.url': 'undefined' },
    external: ['@duckdb/*'],
  };

  return [
    {
      ...node,
      entryPoints: ['client/src/extension.ts'],
      outfile: 'dist/extension.cjs',
      external: ['vscode', '@duckdb/*'],
    },
    { ...node, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.cjs' },
    // The language server's data worker thread, started from dist/server.cjs or dist/cli.cjs (`mle lsp`) beside it.
    { ...node, entryPoints: ['server/src/node/data-worker.ts'], outfile: 'dist/data-worker.cjs' },
    // One thread per fit in the language server (cancelled by terminating it), started from dist/server.cjs.
    { ...node, entryPoints: ['server/src/node/fit-worker.ts'], outfile: 'dist/fit-worker.cjs' },
    { ...node, entryPoints: ['server/src/node/glm-worker.ts'], outfile: 'dist/glm-worker.cjs' },
    // The CSV scan's second thread for large files (node/scan-threads.ts), beside whichever bundle loads data.
    { ...node, entryPoints: ['server/src/node/scan-worker.ts'], outfile: 'dist/scan-worker.cjs' },
    // Bootstrap helper threads (node/bootstrap-threads.ts), started from dist/cli.cjs or dist/fit-worker.cjs beside it.
    { ...node, entryPoints: ['server/src/node/bootstrap-worker.ts'], outfile: 'dist/bootstrap-worker.cjs' },
    { ...node, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.cjs' },
    {
      ...common,
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
      entryPoints: ['client/webview/main.ts'],
      outfile: 'dist/webview.js',
    },
    // MLE: Open Data's webview (client/src/data-panel.ts): the virtualised table, rows fetched by mle/dataRows.
    {
      ...common,
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
      entryPoints: ['client/webview/data-viewer.ts'],
      outfile: 'dist/data-viewer.js',
    },
    // The Compare Models panel's own script (and dist/compare.css from its stylesheet import).
    {
      ...common,
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
      entryPoints: ['client/webview/compare.ts'],
      outfile: 'dist/compare.js',
    },
  ].filter((t) => existsSync(t.entryPoints[0]));
}
