// `npm run package [-- --target T] [-- --no-duckdb]`: the production bundles, then a .vsix for one platform carrying
// DuckDB's native binding (node_modules/@duckdb/node-api, node-bindings, node-bindings-T and detect-libc), so
// Parquet and DuckDB data work in the packaged extension. `--no-duckdb`: one universal .vsix without DuckDB (the
// extension then reads CSVs only and says so for Parquet). Writes dist/mle-studio.vsix for this machine's platform,
// dist/mle-studio-T.vsix for another target.
//
// A target's binding must be installed: npm installs the one of the machine it runs on; for another target run
// `npm install --no-save --os=OS --cpu=CPU @duckdb/node-bindings-OS-CPU` first (or package on that platform in CI).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const value = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const noDuckdb = args.includes('--no-duckdb');

/** VS Code's target names; musl Linux is "alpine". */
const musl = process.platform === 'linux' && !process.report?.getReport().header.glibcVersionRuntime;
const here = `${musl ? 'alpine' : process.platform}-${process.arch}`;
const target = value('--target') ?? here;
const TARGETS = [
  'linux-x64',
  'linux-arm64',
  'alpine-x64',
  'alpine-arm64',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64',
  'win32-arm64',
];
if (!noDuckdb && !TARGETS.includes(target)) {
  console.error(`package: unknown target ${target} (one of ${TARGETS.join(', ')}, or --no-duckdb)`);
  process.exit(2);
}
/** The npm package holding the target's duckdb.node. */
const binding = target.startsWith('alpine-')
  ? `@duckdb/node-bindings-linux-${target.slice(7)}-musl`
  : `@duckdb/node-bindings-${target}`;

const run = (cmd, argv) => execFileSync(cmd, argv, { stdio: 'inherit', shell: process.platform === 'win32' });
run(process.execPath, ['scripts/build.mjs', '--production']);

const vsce = join('node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
const common = ['package', '--no-rewrite-relative-links'];
if (noDuckdb) {
  run(vsce, [...common, '--no-dependencies', '--out', 'dist/mle-studio.vsix']);
} else {
  if (!existsSync(join('node_modules', binding, 'duckdb.node'))) {
    const [os, cpu] = target.replace('alpine', 'linux').split('-');
    console.error(
      `package: ${binding} is not installed, so a ${target} .vsix would have no DuckDB. Install it with\n` +
        `  npm install --no-save --os=${os} --cpu=${cpu} ${binding}\nor package on ${target} (or pass --no-duckdb).`,
    );
    process.exit(1);
  }
  // .vscodeignore lets in the bundles; the runtime packages of DuckDB are let in here, for this target only.
  const ignore = join(mkdtempSync(join(tmpdir(), 'mle-vsix-')), '.vscodeignore');
  writeFileSync(
    ignore,
    `${readFileSync('.vscodeignore', 'utf8')}\n` +
      // Only what runs (and the licences): vsce lets a negated pattern win over any exclusion, so list files by kind.
      ['@duckdb/node-api', '@duckdb/node-bindings', binding, 'detect-libc']
        .flatMap((p) =>
          ['**/*.js', '*.node', '*.so', '*.dylib', '*.dll', 'package.json', 'LICENSE'].map(
            (f) => `!node_modules/${p}/${f}\n`,
          ),
        )
        .join(''),
  );
  // npm's dependency list (not --no-dependencies) so that vsce looks into node_modules at all; the ignore file keeps
  // only DuckDB's packages (everything else is inlined in the bundles).
  const out = target === here ? 'dist/mle-studio.vsix' : `dist/mle-studio-${target}.vsix`;
  run(vsce, [...common, '--target', target, '--ignoreFile', ignore, '--out', out]);
}
