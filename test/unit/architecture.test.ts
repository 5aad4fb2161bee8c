// Enforces the layering of docs/architecture.md by scanning the import statements of every TypeScript source file.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Repository-relative paths (with /) of the .ts files under the given folders. */
function tsFiles(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    for (const name of readdirSync(abs)) {
      if (name === 'node_modules' || name === 'dist' || name === 'fixtures' || name.startsWith('.')) continue;
      const p = join(abs, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts')) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  for (const d of dirs) if (existsSync(join(root, d))) walk(join(root, d));
  return out.sort();
}

interface Import {
  readonly spec: string;
  /** `import('…')`: loaded only when that code runs. */
  readonly dynamic: boolean;
  readonly line: number;
}

/** Removes comments, keeping line numbers (so a commented-out import is not an import). */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/^(\s*)\/\/.*$/gm, '$1');
}

/** Every module specifier the file imports: static import/export … from, side-effect imports, import(), require(). */
function importsOf(src: string): Import[] {
  const text = stripComments(src);
  const lineAt = (i: number): number => text.slice(0, i).split('\n').length;
  const out: Import[] = [];
  const patterns: [RegExp, boolean][] = [
    [/\b(?:import|export)\s+(?:type\s+)?[\w*{}\s,$]*?\bfrom\s*['"]([^'"]+)['"]/g, false],
    [/(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]/g, false],
    [/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, true],
    [/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, false],
  ];
  for (const [re, dynamic] of patterns)
    for (const m of text.matchAll(re)) out.push({ spec: m[1], dynamic, line: lineAt(m.index! + m[0].indexOf(m[1])) });
  return out.sort((a, b) => a.line - b.line);
}

const serverFiles = tsFiles('server');
const clientFiles = tsFiles('client');
const sourceFiles = [...serverFiles, ...clientFiles];
const imports = new Map(sourceFiles.map((f) => [f, importsOf(readFileSync(join(root, f), 'utf8'))]));

const under = (file: string, ...dirs: string[]): boolean =>
  dirs.some((d) => file.startsWith(d.endsWith('/') ? d : `${d}/`) || file === d);
const isRelative = (spec: string): boolean => spec.startsWith('./') || spec.startsWith('../');
/** The repository path a relative import points at. */
const resolveRel = (from: string, spec: string): string =>
  relative(root, resolve(root, dirname(from), spec))
    .split(sep)
    .join('/');

const isVscode = (s: string): boolean => s === 'vscode' || s.startsWith('vscode/') || /^vscode-languageclient/.test(s);
const isLsp = (s: string): boolean => /^vscode-languageserver/.test(s);
const isFsOrProcess = (s: string): boolean => /^(node:)?(fs|fs\/promises|child_process)$/.test(s);

/** Collects `file:line imports 'spec'` for the imports of `files` that `bad` flags. */
function violations(files: readonly string[], bad: (spec: string, imp: Import, file: string) => boolean): string[] {
  const out: string[] = [];
  for (const f of files)
    for (const imp of imports.get(f) ?? [])
      if (bad(imp.spec, imp, f)) out.push(`${f}:${imp.line} imports '${imp.spec}'${imp.dynamic ? ' (dynamic)' : ''}`);
  return out;
}

const PURE_LAYERS = [
  'server/src/language',
  'server/src/engine',
  'server/src/data',
  'server/src/features',
  'server/src/fit',
];
const pureFiles = sourceFiles.filter((f) => under(f, ...PURE_LAYERS));

describe('the import scanner', () => {
  test('finds every import form and ignores comments', () => {
    const src = [
      "// import { no } from 'commented-out'",
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      'import {',
      '  c,',
      '  d,',
      "} from 'multi-line';",
      "import * as e from 'star';",
      'import f, { g } from "double-quoted";',
      "import 'side-effect';",
      "export { h } from './re-export.ts';",
      "export * from './star-export.ts';",
      "const m = await import('./lazy.ts');",
      "const r = require('required');",
      '/* import { x } from "in-block-comment" */',
      "const s = 'not from here';",
    ].join('\n');
    assert.deepEqual(
      importsOf(src).map((i) => `${i.line}:${i.spec}${i.dynamic ? '*' : ''}`),
      [
        '2:./a.ts',
        '3:../b.ts',
        '7:multi-line',
        '8:star',
        '9:double-quoted',
        '10:side-effect',
        '11:./re-export.ts',
        '12:./star-export.ts',
        '13:./lazy.ts*',
        '14:required',
      ],
    );
  });

  test('sees the real code base', () => {
    assert.ok(
      serverFiles.length > 50 && clientFiles.length > 3,
      `found ${serverFiles.length} server and ${clientFiles.length} client files`,
    );
    const known: [string, (s: string) => boolean][] = [
      ['server/src/lsp/server.ts', isLsp],
      ['client/src/extension.ts', isVscode],
      ['server/src/node/data-source.ts', isFsOrProcess],
    ];
    for (const [file, pred] of known) {
      if (!imports.has(file)) continue;
      assert.ok(
        imports.get(file)!.some((i) => pred(i.spec)),
        `the scanner finds the expected import in ${file}: ${JSON.stringify(imports.get(file))}`,
      );
    }
  });
});

describe('layers', () => {
  test(`${PURE_LAYERS.join(', ')} import neither vscode, vscode-languageserver*, node:fs nor node:child_process`, () => {
    assert.ok(pureFiles.length > 30, `pure-layer files: ${pureFiles.length}`);
    assert.deepEqual(
      violations(pureFiles, (s) => isVscode(s) || isLsp(s) || isFsOrProcess(s)),
      [],
    );
  });

  test('the same holds for everything the pure layers import, transitively (static imports)', () => {
    const out: string[] = [];
    for (const start of pureFiles) {
      const seen = new Set<string>([start]);
      const stack: { file: string; via: string[] }[] = [{ file: start, via: [start] }];
      while (stack.length) {
        const { file, via } = stack.pop()!;
        for (const imp of imports.get(file) ?? []) {
          if (imp.dynamic) continue;
          if (isVscode(imp.spec) || isLsp(imp.spec) || isFsOrProcess(imp.spec))
            out.push(`${via.join(' → ')} imports '${imp.spec}'`);
          if (!isRelative(imp.spec)) continue;
          const target = resolveRel(file, imp.spec);
          if (!seen.has(target) && imports.has(target)) {
            seen.add(target);
            stack.push({ file: target, via: [...via, target] });
          }
        }
      }
    }
    assert.deepEqual([...new Set(out)], []);
  });

  test('server/src/engine imports only files inside engine/, ml-matrix and @stdlib/*', () => {
    const engine = sourceFiles.filter((f) => under(f, 'server/src/engine'));
    assert.ok(engine.length > 10, `engine files: ${engine.length}`);
    assert.deepEqual(
      violations(engine, (s, _i, f) => {
        if (isRelative(s)) return !resolveRel(f, s).startsWith('server/src/engine/');
        return !(s === 'ml-matrix' || s.startsWith('@stdlib/'));
      }),
      [],
    );
  });

  test('only client/ imports vscode (and vscode-languageclient)', () => {
    assert.deepEqual(
      violations(
        sourceFiles.filter((f) => !under(f, 'client')),
        isVscode,
      ),
      [],
    );
  });

  test('the client sees the server only through server/src/protocol.ts', () => {
    assert.deepEqual(
      violations(
        clientFiles,
        (s, _imp, f) =>
          isRelative(s) && resolveRel(f, s).startsWith('server/') && resolveRel(f, s) !== 'server/src/protocol.ts',
      ),
      [],
    );
  });

  test('the webview runs in a browser: client/webview imports neither vscode nor node: modules', () => {
    const webview = sourceFiles.filter((f) => under(f, 'client/webview'));
    assert.deepEqual(
      violations(webview, (s) => isVscode(s) || isLsp(s) || s.startsWith('node:') || isFsOrProcess(s)),
      [],
    );
  });

  test('only server/src/lsp/ and server/src/main.ts import vscode-languageserver* (server/src/cli.ts only lazily)', () => {
    assert.deepEqual(
      violations(sourceFiles, (s, imp, f) => {
        if (!isLsp(s)) return false;
        if (under(f, 'server/src/lsp') || f === 'server/src/main.ts') return false;
        if (f === 'server/src/cli.ts') return !imp.dynamic;
        return true;
      }),
      [],
    );
  });

  test('server/src/cli.ts loads the language server only lazily: its static imports never reach lsp/ or vscode-languageserver*', () => {
    const out: string[] = [];
    const seen = new Set<string>(['server/src/cli.ts']);
    const stack: string[][] = [['server/src/cli.ts']];
    while (stack.length) {
      const via = stack.pop()!;
      const file = via[via.length - 1];
      for (const imp of imports.get(file) ?? []) {
        if (imp.dynamic) continue;
        if (isLsp(imp.spec) || isVscode(imp.spec)) out.push(`${via.join(' → ')} imports '${imp.spec}'`);
        if (!isRelative(imp.spec)) continue;
        const target = resolveRel(file, imp.spec);
        if (under(target, 'server/src/lsp')) out.push(`${via.join(' → ')} imports ${target}`);
        if (!seen.has(target) && imports.has(target)) {
          seen.add(target);
          stack.push([...via, target]);
        }
      }
    }
    assert.deepEqual(out, []);
  });

  test('relative imports resolve to existing files with their .ts extension', () => {
    assert.deepEqual(
      violations(sourceFiles, (s, _i, f) => isRelative(s) && !existsSync(join(root, resolveRel(f, s)))),
      [],
    );
  });
});

describe('file conventions', () => {
  const conventionFiles = [...sourceFiles, ...tsFiles('test', 'scripts')];

  test('every source file starts with a one-line // purpose comment', () => {
    const bad: string[] = [];
    for (const f of conventionFiles) {
      const first = readFileSync(join(root, f), 'utf8').split(/\r?\n/, 1)[0];
      if (!/^\/\/ \S.{9,}$/.test(first)) bad.push(`${f}: ${JSON.stringify(first.slice(0, 80))}`);
    }
    assert.deepEqual(bad, []);
  });

  test('file and folder names are kebab-case', () => {
    const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
    const bad: string[] = [];
    for (const f of conventionFiles) {
      const parts = f.split('/');
      const name = parts.pop()!;
      const stem = name.replace(/(\.d)?(\.test)?\.ts$/, '');
      if (!kebab.test(stem)) bad.push(f);
      for (const dir of parts) if (!kebab.test(dir)) bad.push(`${f} (folder ${dir})`);
    }
    assert.deepEqual([...new Set(bad)], []);
  });

  test('engine/ is grouped by role: only the model IR and the fit orchestration live at its top level', () => {
    // eval/ (evaluation and AD), compile/ (the model compiler: generated kernels), distributions/ (one family per
    // file), solvers/ (strategies), optimize/ (generic optimizers), inference/ (information, intervals), linalg/; plot
    // data belongs to the results layer (fit/).
    const allowedTop = new Set(['model.ts', 'fit.ts', 'fit-problem.ts', 'fit-solve.ts', 'fit-types.ts', 'parallel.ts']);
    const allowedDirs = new Set(['eval', 'compile', 'distributions', 'solvers', 'optimize', 'inference', 'linalg']);
    const bad: string[] = [];
    for (const f of serverFiles.filter((x) => under(x, 'server/src/engine'))) {
      const rest = f.slice('server/src/engine/'.length).split('/');
      if (rest.length === 1 ? !allowedTop.has(rest[0]) : !allowedDirs.has(rest[0])) bad.push(f);
      if (/plot/.test(f)) bad.push(`${f} (plot data belongs to server/src/fit/)`);
    }
    assert.deepEqual(bad, []);
  });
});
