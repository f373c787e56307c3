// The analyzer's own regular expressions get the same linear-time check as contributors'
// patterns (src/lib/pattern-safety.ts): every regular expression literal, and every
// `new RegExp(…)` built from constants, in the source of the analyzer and the modules it runs
// on pasted text. Found by reading the source with the TypeScript parser, so a new expression
// is checked without anyone listing it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { unsafePatternReason } from '../../src/lib/pattern-safety';

function sources(): string[] {
  const lib = 'src/lib';
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.push(p);
    }
  };
  for (const name of readdirSync(lib))
    if (/^analyzer/.test(name)) {
      const p = join(lib, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  // What else runs over pasted text or logs.
  return [
    ...out,
    'src/lib/matcher.ts',
    'src/lib/line-chunks.ts',
    'src/lib/codes.ts',
    'src/lib/bounce-facts.ts',
    'src/lib/highlight.ts',
  ];
}

interface Found {
  file: string;
  line: number;
  source: string;
  flags: string;
}

/** Regular expressions in one file: literals, and new RegExp(string or template of string constants, flags). */
function expressions(file: string, regexConstants: Map<string, string>): { found: Found[]; unresolved: string[] } {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const constants = new Map<string, string>();
  const found: Found[] = [];
  const unresolved: string[] = [];
  const where = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const value = (n: ts.Expression | undefined): string | undefined => {
    if (!n) return undefined;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
    if (ts.isIdentifier(n)) return constants.get(n.text);
    // X.source of a regular expression constant
    if (ts.isPropertyAccessExpression(n) && n.name.text === 'source' && ts.isIdentifier(n.expression))
      return regexConstants.get(n.expression.text);
    if (ts.isTemplateExpression(n)) {
      let s = n.head.text;
      for (const span of n.templateSpans) {
        const v = value(span.expression);
        if (v === undefined) return undefined;
        s += v + span.literal.text;
      }
      return s;
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const [a, b] = [value(n.left), value(n.right)];
      return a === undefined || b === undefined ? undefined : a + b;
    }
    return undefined;
  };
  const visit = (n: ts.Node) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
      const v = value(n.initializer);
      if (v !== undefined) constants.set(n.name.text, v);
      if (n.initializer.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.initializer.getText(sf);
        regexConstants.set(n.name.text, text.slice(1, text.lastIndexOf('/')));
      }
      // X = new RegExp(constants): its .source is known too (another file may build on it).
      const init = n.initializer;
      if (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'RegExp') {
        const v2 = value(init.arguments?.[0]);
        if (v2 !== undefined) regexConstants.set(n.name.text, v2);
      }
    }
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = n.getText(sf);
      const end = text.lastIndexOf('/');
      found.push({ file, line: where(n), source: text.slice(1, end), flags: text.slice(end + 1) });
    }
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp') {
      const [src, flags] = n.arguments ?? [];
      const s = value(src);
      if (s !== undefined) found.push({ file, line: where(n), source: s, flags: value(flags) ?? '' });
      else unresolved.push(`${file}:${where(n)}: ${n.getText(sf).slice(0, 80)}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { found, unresolved };
}

// No exceptions: the last expressions recheck could not prove (word rules with .{0,60}-style gaps,
// the address pattern) were rewritten, so every expression is checked (there used to be a list of
// known exceptions here, issue 7).
describe('the analyzer’s own regular expressions run in linear time', () => {
  // Regular expression constants are shared across files (X.source in another module): a
  // first pass collects them, the second reads every expression with all of them known.
  const regexConstants = new Map<string, string>();
  sources().forEach((f) => expressions(f, regexConstants));
  const all = sources().map((f) => expressions(f, regexConstants));
  const found = all.flatMap((a) => a.found);

  it('finds them in the source', () => {
    expect(found.length).toBeGreaterThan(50);
    // new RegExp over data (provider patterns) is checked where the data is loaded; any other
    // computed expression must be built from constants this test can read.
    expect(all.flatMap((a) => a.unresolved).filter((u) => !/pattern/.test(u))).toEqual([]);
  });

  it('every one is proven linear-time by recheck', { timeout: 300_000 }, () => {
    const unsafe = found
      .map((f) => ({ f, why: unsafePatternReason(f.source, f.flags.replace(/[gy]/g, ''), true) }))
      .filter((x) => x.why)
      .map(({ f, why }) => `${f.file}:${f.line} /${f.source}/${f.flags} ${why}`);
    expect(unsafe).toEqual([]);
  });
});
