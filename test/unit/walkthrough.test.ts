// package.json's Getting Started walkthrough and .mle file icon: every referenced file exists, every command is ours and registered.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly media: { readonly markdown?: string; readonly image?: unknown; readonly svg?: string };
  readonly completionEvents?: readonly string[];
}
interface Pkg {
  readonly contributes: {
    readonly commands: readonly { readonly command: string }[];
    readonly languages: readonly { readonly id: string; readonly icon?: { light: string; dark: string } }[];
    readonly walkthroughs?: readonly { readonly id: string; readonly steps: readonly Step[] }[];
  };
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Pkg;

/** VS Code's own commands a step may link to (anything else must be contributed by us). */
const BUILT_IN = new Set(['workbench.action.files.openFolder', 'workbench.actions.view.problems']);

/** Commands a step runs: `command:` links in its description, `onCommand:` completion events. */
function commandsOf(step: Pick<Step, 'description' | 'completionEvents'>): string[] {
  const links = [...step.description.matchAll(/\]\(command:([\w.-]+)/g)].map((m) => m[1]);
  const events = (step.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice(10));
  return [...links, ...events];
}

/** Every `registerCommand('…'` in the extension's sources. */
function registeredCommands(): Set<string> {
  const dir = join(root, 'client/src');
  const out = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts')))
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/registerCommand\(\s*'([\w.-]+)'/g)) out.add(m[1]);
  return out;
}

describe('the Getting Started walkthrough', () => {
  const walkthroughs = pkg.contributes.walkthroughs ?? [];
  test('there is one, with 4–5 steps', () => {
    assert.equal(walkthroughs.length, 1);
    const n = walkthroughs[0].steps.length;
    assert.ok(n >= 4 && n <= 5, `${n} steps`);
  });
  const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
  const registered = registeredCommands();
  for (const step of walkthroughs.flatMap((w) => w.steps))
    test(`step ${step.id}: its media file exists and its commands exist`, () => {
      const media = step.media.markdown ?? step.media.svg;
      assert.ok(media, `${step.id} has markdown or svg media`);
      assert.ok(existsSync(join(root, media)), `${media} exists`);
      assert.ok(readFileSync(join(root, media), 'utf8').trim().length > 100, `${media} has content`);
      for (const c of commandsOf(step)) {
        if (BUILT_IN.has(c)) continue;
        assert.ok(contributed.has(c), `${step.id} runs ${c}, which package.json does not contribute`);
        assert.ok(registered.has(c), `${step.id} runs ${c}, which no client/src file registers`);
      }
    });
  test('the command scan finds links and events', () => {
    const step = { description: 'x [Fit](command:mle.fitModel) y', completionEvents: ['onCommand:mle.openData'] };
    assert.deepEqual(commandsOf(step), ['mle.fitModel', 'mle.openData']);
  });
});

/**
 * A strict well-formedness check for our small SVGs: one `<svg>` root in the SVG namespace with a viewBox, every tag
 * closed in order, every attribute quoted, nothing but whitespace outside the root.
 */
export function svgProblem(text: string): string | undefined {
  const body = text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/^<\?xml[^?]*\?>/, '')
    .trim();
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  const stack: string[] = [];
  let i = 0;
  let rootSeen = false;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const textPart = body.slice(i, lt < 0 ? body.length : lt);
    if (!stack.length && textPart.trim()) return `text outside the root: ${textPart.trim().slice(0, 40)}`;
    if (/[<>&]/.test(textPart.replace(/&(?:amp|lt|gt|quot|apos|#\d+);/g, ''))) return 'an unescaped < > or &';
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) return `malformed tag at ${lt}: ${body.slice(lt, lt + 40)}`;
    const [, close, name, attrs, selfClose] = m;
    if (close) {
      if (stack.pop() !== name) return `</${name}> closes nothing open`;
    } else {
      if (!stack.length) {
        if (rootSeen) return 'more than one root element';
        rootSeen = true;
        if (name !== 'svg') return `the root is <${name}>`;
        if (!/xmlns\s*=\s*"http:\/\/www\.w3\.org\/2000\/svg"/.test(attrs)) return 'the root has no SVG xmlns';
        if (!/viewBox\s*=/.test(attrs)) return 'the root has no viewBox';
      }
      if (!selfClose) stack.push(name);
    }
    i = tag.lastIndex;
  }
  if (stack.length) return `<${stack.at(-1)}> is never closed`;
  return rootSeen ? undefined : 'no root element';
}

describe('the .mle file icon', () => {
  const mle = pkg.contributes.languages.find((l) => l.id === 'mle');
  test('contributed for light and dark themes', () => {
    assert.ok(mle?.icon?.light && mle.icon.dark, JSON.stringify(mle?.icon));
  });
  for (const theme of ['light', 'dark'] as const)
    test(`${theme}: the file exists and is a well-formed SVG`, () => {
      const path = join(root, mle!.icon![theme]);
      assert.ok(existsSync(path), `${path} exists`);
      assert.equal(svgProblem(readFileSync(path, 'utf8')), undefined, path);
    });
  test('the SVG check rejects what it should', () => {
    const ok = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M0 0"/></svg>';
    assert.equal(svgProblem(ok), undefined);
    assert.match(svgProblem(ok.replace('</svg>', ''))!, /never closed/);
    assert.match(svgProblem(ok.replace('"M0 0"', 'M0'))!, /malformed/);
    assert.match(svgProblem(ok.replace(' xmlns="http://www.w3.org/2000/svg"', ''))!, /xmlns/);
    assert.match(svgProblem(`<g>${ok}</g>`)!, /root is <g>/);
    assert.match(svgProblem(ok + ok)!, /more than one root/);
    assert.match(svgProblem(ok.replace('<path', 'x < y <path'))!, /malformed|unescaped/);
  });
});
