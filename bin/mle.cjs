#!/usr/bin/env node
// `mle` command: runs the bundled CLI (built by `npm ci` through the prepare script).
require('../dist/cli.cjs');
