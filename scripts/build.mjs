// Bundles the extension, the language server, the CLI and the webview script with esbuild (Chevrotain 11 is ESM-only).
import { build } from 'esbuild';
import { buildTargets } from './build-targets.mjs';

const targets = buildTargets(process.argv.includes('--production'));
await Promise.all(targets.map((t) => build(t)));
