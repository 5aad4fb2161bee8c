// What we ship: no code built from text at run time (eval, new Function), and Workspace Trust declared in package.json.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
// @ts-expect-error: a plain .mjs build script, without type declarations.
import { buildTargets } from '../../scripts/build-targets.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Sites allowed to turn text into code, each an exact piece of a bundle, with why it never sees user text.
 * Our own code has none: there is no model compiler yet. When it comes, its one site (code emitted from the typed IR,
 * never from user text) is the only entry of our own to add here.
 */
const ALLOWED: readonly { readonly code: string; readonly why: string }[] = [
  {
    code: '(0, eval)(toBecomeFast);',
    why: '@chevrotain/utils to-fast-properties.js: unreachable (an `if (1) return` precedes it), and its argument is an object, not text',
  },
  {
    code: 'return new Function(...params, body);',
    why: 'server/src/engine/compile/emit.ts generatedFunction: the model compiler; its source is built only from the generator’s own fragments, synthetic names and integer indices (never model, data or user text: test/unit/compile-kernels.test.ts checks every word of the generated sources)',
  },
  {
    code: 'Function("return this")()',
    why: 'lodash-es _root.js (a Chevrotain dependency): a constant string that finds the global object, only where neither `global` nor `self` exists',
  },
];

/** Direct and indirect eval, the Function constructor with or without `new`, and timers given a string to run. */
const DYNAMIC_CODE =
  /(?<![\w$.])eval\s*\)?\s*\(|(?<![\w$.])(?:new\s+)?Function\s*\(|set(?:Timeout|Interval)\s*\(\s*['"`]/g;

interface Target {
  readonly entryPoints: string[];
  readonly outfile: string;
}

describe('the shipped bundles contain no eval or new Function outside the allowed sites', async () => {
  const targets = (buildTargets(false) as Target[]).map((t) => ({ ...t, write: false, sourcemap: false }));
  const bundles = await Promise.all(
    targets.map(async (t) => {
      const r = await build({ ...t, absWorkingDir: root, logLevel: 'silent' });
      return { name: t.outfile, text: r.outputFiles![0].text };
    }),
  );

  test('every bundle was built', () => {
    assert.deepEqual(bundles.map((b) => b.name).sort(), [
      'dist/bootstrap-worker.cjs',
      'dist/cli.cjs',
      'dist/compare.js',
      'dist/data-viewer.js',
      'dist/data-worker.cjs',
      'dist/extension.cjs',
      'dist/fit-worker.cjs',
      'dist/glm-worker.cjs',
      'dist/scan-worker.cjs',
      'dist/server.cjs',
      'dist/webview.js',
    ]);
  });

  for (const b of bundles)
    test(b.name, () => {
      const lines = b.text.split('\n');
      const bad: string[] = [];
      lines.forEach((line, i) => {
        for (const m of line.matchAll(DYNAMIC_CODE)) {
          if (ALLOWED.some((a) => line.includes(a.code))) continue;
          // The bundler's comment naming the source module helps to find it.
          const source = lines
            .slice(0, i)
            .reverse()
            .find((l) => l.startsWith('// '));
          bad.push(`${b.name}:${i + 1}: ${m[0]} in «${line.trim().slice(0, 160)}» (${source ?? 'unknown module'})`);
        }
      });
      assert.deepEqual(
        bad,
        [],
        'text turned into code: avoid it, or allow the exact site with why it never sees user text',
      );
    });

  test('the scan finds what it is meant to find', () => {
    const hits = (s: string): number => [...s.matchAll(DYNAMIC_CODE)].length;
    assert.equal(hits('eval(x)'), 1);
    assert.equal(hits('(0, eval)(x)'), 1);
    assert.equal(hits('new Function("a", "return a")'), 1);
    assert.equal(hits('Function("return this")()'), 1);
    assert.equal(hits('setTimeout("alert(1)", 0)'), 1);
    assert.equal(hits('x.eval(y); isFunction(f); evalpoly(x); new FunctionInfo()'), 0);
  });
});

describe('Workspace Trust and the data setting are declared', () => {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
    capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] } };
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
  };
  test('untrustedWorkspaces: limited, with the data setting restricted', () => {
    const u = pkg.capabilities?.untrustedWorkspaces;
    assert.equal(u?.supported, 'limited');
    assert.ok(u?.restrictedConfigurations?.includes('mle.data.allowOutsideWorkspace'));
  });
  test('mle.data.allowOutsideWorkspace exists and is off by default', () => {
    assert.equal(pkg.contributes.configuration.properties['mle.data.allowOutsideWorkspace']?.default, false);
  });
});
