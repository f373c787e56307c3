// The analyzer and the code pages give one answer: a reply that carries nothing but a documented
// code gets a verdict its page gives (the headline, or a row of its decision table), whether or not
// the notice says which command it answered.
import { describe, expect, it } from 'vitest';
import { analyze, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';

const pages = loadDataset('data/codes');
const k = prepareKnowledge(buildKnowledge(pages, loadProviders('data/providers'), loadReasons()));

/** The bare reply a server could send for a code: "550 5.2.1", "450 4.7.27", "459". */
function bareReply(code: string): string {
  if (/^[2-5][0-9]{2}$/.test(code)) return code;
  return `${code[0] === '2' ? '250' : code[0] === '4' ? '450' : '550'} ${code}`;
}

describe('the analyzer never contradicts a code page on the bare code', () => {
  it('covers every 2xx, 4xx and 5xx page', () => {
    expect(pages.filter((p) => /^[245]/.test(p.code)).length).toBeGreaterThan(150);
  });
  for (const page of pages.filter((p) => /^[45]/.test(p.code))) {
    const allowed = new Set([page.verdict, ...(page.decisions ?? []).map((d) => d.verdict)]);
    for (const suffix of ['', ' (in reply to RCPT TO command)'])
      it(`${bareReply(page.code)}${suffix}`, () => {
        const [f] = analyze(`${bareReply(page.code)}${suffix}`, k).findings;
        expect(f, 'one finding').toBeDefined();
        expect([...allowed], `${page.source}: code ${page.code}`).toContain(f.verdict);
      });
  }
});
