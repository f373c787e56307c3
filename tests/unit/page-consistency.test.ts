// Pages that would say two incompatible things about the address, the failure and retrying: the
// checks (src/lib/verdict-checks.ts) on good and bad fixtures, the display helpers that keep a
// provider text's badges and a 5xx page's retry advice honest, and the shipped data and guides.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  badgeConflict,
  checkGuideStatements,
  checkPageStatements,
  ruleTextDisagreements,
} from '../../src/lib/verdict-checks';
import { reasonVerdict } from '../../src/lib/analyzer/classify';
import { loadRuleLabelPages } from '../../src/lib/reasons';
import { crosswalkRows } from '../../src/lib/crosswalk';
import {
  GAVE_UP_ADVICE,
  RESEND_ADVICE,
  VERDICTS,
  returnedByCode,
  textBounceType,
  textTypeNote,
  verdictAdvice,
} from '../../src/lib/verdicts';
import { answerFor } from '../../src/lib/answer';
import { loadDataset, type CodePage } from '../../src/lib/dataset';
import { loadProviders, loadProvidersCheckedAgainst } from '../../src/lib/providers';
import { buildSearchIndex, prepareIndex } from '../../src/lib/search';

const fixtures = loadDataset('tests/fixtures/data/good');
const page = (code: string) => structuredClone(fixtures.find((p) => p.code === code)!);
const with_ = (code: string, over: Partial<CodePage>): CodePage => ({ ...page(code), ...over });

describe('badgeConflict: a bounce type and an action that cannot stand side by side', () => {
  it('accepts the pairs that agree', () => {
    expect(badgeConflict('hard', 'suppress')).toBeUndefined();
    expect(badgeConflict('hard', 'fix-sender')).toBeUndefined();
    expect(badgeConflict('hard', 'depends')).toBeUndefined();
    expect(badgeConflict('soft', 'retry')).toBeUndefined();
    expect(badgeConflict('soft', 'fix-sender')).toBeUndefined();
    expect(badgeConflict('info', 'none')).toBeUndefined();
  });
  it('rejects hard + retry, soft + suppress, and an action on a non-failure', () => {
    expect(badgeConflict('hard', 'retry')).toMatch(/Hard bounce.*Retry later/);
    expect(badgeConflict('soft', 'suppress')).toMatch(/Soft bounce.*Suppress/);
    expect(badgeConflict('info', 'retry')).toMatch(/Not a failure/);
  });
});

describe('a provider text carries its own bounce type', () => {
  it("GoDaddy's 550 hourly limit is a soft bounce to send again, said so beside it", () => {
    const ib607 = { reply: '550', verdict: 'retry' as const };
    expect(textBounceType(ib607)).toBe('soft');
    expect(textTypeNote(ib607)).toMatch(/permanent 5xx code: your server will not retry it/);
    expect(badgeConflict(textBounceType(ib607), ib607.verdict)).toBeUndefined();
  });
  it('a dead address is hard even on a usually soft code; otherwise the class decides', () => {
    expect(textBounceType({ reply: '552', enhanced: '5.2.2', verdict: 'suppress' })).toBe('hard');
    expect(textBounceType({ reply: '421', enhanced: '4.7.0', verdict: 'fix-sender' })).toBe('soft');
    expect(textBounceType({ enhanced: '5.7.1', verdict: 'fix-sender' })).toBe('hard');
    expect(textTypeNote({ reply: '421', verdict: 'retry' })).toBeUndefined();
    expect(textTypeNote({ reply: '450', verdict: 'suppress' })).toMatch(/temporary 4xx code/);
  });
});

describe('retry advice follows the class', () => {
  it('a 4xx retry waits for the queue; a 5xx retry is sent again by the sender', () => {
    expect(verdictAdvice('retry', '4')).toBe(VERDICTS.retry.advice);
    expect(verdictAdvice('retry', '4')).toMatch(/Let the sending server retry/);
    expect(verdictAdvice('retry', '5')).toBe(RESEND_ADVICE);
    expect(verdictAdvice('retry', '5')).not.toMatch(/Let the sending server retry|queue gives up/);
    expect(verdictAdvice('suppress', '5')).toBe(VERDICTS.suppress.advice);
  });
  it('a code that says the queue gave up (X.4.7) is sent again by the sender, not left to the queue', () => {
    expect(returnedByCode('4.4.7')).toBe(true);
    expect(returnedByCode('5.4.7')).toBe(true);
    expect(returnedByCode('447')).toBe(true);
    expect(returnedByCode('4.4.1')).toBe(false);
    expect(returnedByCode('421')).toBe(false);
    expect(verdictAdvice('retry', '4', true)).toBe(GAVE_UP_ADVICE);
    expect(verdictAdvice('retry', '4', true)).not.toMatch(/Let the sending server retry/);
    expect(verdictAdvice('retry', '5', true)).toBe(RESEND_ADVICE);
    expect(verdictAdvice('fix-sender', '4', true)).toBe(VERDICTS['fix-sender'].advice);
  });
  it("the answer card's retry line does not promise a queue retry on a 5xx", () => {
    expect(answerFor('retry', undefined, '3', '4')?.retry).toMatch(/your server retries/);
    const five = answerFor('retry', undefined, '3', '5')!;
    expect(five.retry).toMatch(/by you/);
    expect(five.retry).not.toMatch(/your server retries/);
    expect(five.who).toMatch(/send again later$/);
    expect(answerFor('retry', [{ verdict: 'retry' }, { verdict: 'retry' }], undefined, '5')?.retry).toMatch(/by you/);
  });
});

describe('checkPageStatements', () => {
  it('passes the fixtures', () => {
    expect(checkPageStatements(fixtures)).toEqual([]);
  });

  it('rejects a hard bounce whose single verdict is retry, and a soft one whose verdict is suppress', () => {
    const hardRetry = with_('5.1.1', { verdict: 'retry' });
    const softSuppress = with_('5.2.2', { verdict: 'suppress' });
    expect(checkPageStatements([hardRetry, softSuppress])).toEqual([
      expect.stringMatching(
        /^tests\/fixtures\/data\/good\/codes\.yaml: code "X\.1\.1" \(page 5\.1\.1\): field "bounceType": "hard" contradicts the verdict "retry"/,
      ),
      expect.stringMatching(
        /code "X\.2\.2" \(page 5\.2\.2\): field "bounceType": "soft" contradicts the verdict "suppress"/,
      ),
    ]);
  });

  it('rejects a 5xx page that says the sending server retries by itself, not one that names the temporary form', () => {
    const p = page('5.2.2');
    const bad = { ...p, fixes: { sender: ['Let your MTA retry automatically; nothing else to do.'] } };
    expect(checkPageStatements([bad])).toEqual([
      expect.stringMatching(
        /code "X\.2\.2" \(page 5\.2\.2\): field "fixes\.sender\.0": says the sending server retries by itself, but 5\.2\.2 is a permanent \(5xx\) reply/,
      ),
    ]);
    const note = { ...p, verdictNote: 'Nothing to do while the message is still queued.' };
    expect(checkPageStatements([note])).toEqual([
      expect.stringContaining('field "verdictNote": says the sending server'),
    ]);
    const good = {
      ...p,
      fixes: { sender: ['For the temporary form, let your MTA retry; after a 5.2.2, send again later.'] },
    };
    expect(checkPageStatements([good])).toEqual([]);
    // The same words on the 4xx page are true.
    expect(checkPageStatements([{ ...page('4.2.2'), fixes: bad.fixes }])).toEqual([]);
  });

  it('rejects suppression on a 4xx page without its condition', () => {
    const p = page('4.2.2');
    expect(checkPageStatements([{ ...p, bounceType: 'hard', bounceTypeNote: 'x', verdict: 'suppress' }])).toEqual([
      expect.stringContaining('field "verdict": "suppress" on a temporary (4xx) code'),
    ]);
    const bad = { ...p, fixes: { sender: ['Suppress the address.'] } };
    expect(checkPageStatements([bad])).toEqual([
      expect.stringMatching(/page 4\.2\.2\): field "fixes\.sender\.0": says to suppress on a temporary \(4xx\) code/),
    ]);
    for (const ok of [
      'Suppress it after three failures spread over a week.',
      'Do not suppress the address.',
      'For a 5.2.2 that says the account is inactive, suppress it.',
      'Remove unengaged addresses to bring complaints down.',
    ])
      expect(checkPageStatements([{ ...p, fixes: { sender: [ok] } }]), ok).toEqual([]);
  });

  it('rejects a single-verdict note that gives another reading by the text', () => {
    const suppress = with_('5.1.1', {
      verdictNote: 'If the text speaks of maintenance, keep the address and try again later.',
    });
    expect(checkPageStatements([suppress])).toEqual([
      expect.stringMatching(
        /field "verdictNote": under the single verdict "suppress" the note says to keep the address when the text reads another way; .*decisions table/,
      ),
    ]);
    const keep = with_('5.2.2', { verdictNote: 'Wording such as user unknown means suppress the address.' });
    expect(checkPageStatements([keep])).toEqual([expect.stringContaining('the note says to suppress the address')]);
    // A note that only qualifies the one verdict is fine.
    const fine = with_('5.1.1', {
      verdictNote: 'If a big domain suddenly says so, test your own DNS before removing addresses.',
    });
    expect(checkPageStatements([fine])).toEqual([]);
  });

  it('fails the build-time loader with file, record and field', () => {
    expect(() =>
      loadProvidersCheckedAgainst('tests/fixtures/data/providers', 'tests/fixtures/data/bad-page-statements'),
    ).toThrow(
      /tests\/fixtures\/data\/bad-page-statements\/codes\.yaml: code "X\.3\.0" \(page 5\.3\.0\): field "bounceType": "hard" contradicts the verdict "retry"/,
    );
  });
});

describe('checkGuideStatements', () => {
  const mdx = (row: string) => `# Guide\n\n| Type | Codes | Action |\n| --- | --- | --- |\n${row}\n`;
  it('accepts rows and items that agree with the code pages', () => {
    expect(
      checkGuideStatements(
        'g.mdx',
        mdx('| Hard bounce: the address is invalid | <CodeLink code="5.1.1" /> | Remove the address at once. |') +
          '\n1. **Do not suppress** on policy failures (<CodeLink code="550" />).\n' +
          '2. **Suppress at once** on an unknown user (<CodeLink code="5.1.1" />,\n   <CodeLink code="550" /> with 5.1.1).\n',
        fixtures,
      ),
    ).toEqual([]);
  });
  it('rejects a row whose bounce type or action a code page contradicts', () => {
    expect(
      checkGuideStatements(
        'g.mdx',
        mdx('| Soft bounce: rate limits | <CodeLink code="5.1.1" /> | Keep the address. |'),
        fixtures,
      ),
    ).toEqual([
      'g.mdx: line 5: says "Soft bounce" of 5.1.1, but its page (tests/fixtures/data/good/codes.yaml) says "hard"',
      'g.mdx: line 5: says to keep the address of 5.1.1, but its page (tests/fixtures/data/good/codes.yaml) says "suppress"',
    ]);
    expect(
      checkGuideStatements(
        'g.mdx',
        mdx('| Hard bounce | <CodeLink code="5.2.2" /> | Remove the address at once. |'),
        fixtures,
      ),
    ).toEqual([
      expect.stringContaining('says "Hard bounce" of 5.2.2'),
      expect.stringContaining(
        'says to remove the address of 5.2.2, but its page (tests/fixtures/data/good/codes.yaml) says "retry"',
      ),
    ]);
    expect(checkGuideStatements('g.mdx', '1. **Suppress at once** on <CodeLink code="5.9.9" />.', fixtures)).toEqual([
      'g.mdx: line 1: "5.9.9" is not a documented code',
    ]);
  });
  it('rejects prose that takes the bounce type for the action, or says servers retry every soft bounce', () => {
    // The fixtures have a hard bounce that keeps the address (550's fallback is not enough: 5.x pages
    // with one keep-verdict are needed), so add one.
    const pages = [...fixtures, with_('5.1.1', { code: '5.7.1', verdict: 'fix-sender' })];
    expect(checkGuideStatements('g.mdx', 'Keep suppressions permanently for hard bounces.', pages)).toEqual([
      expect.stringMatching(
        /^g\.mdx: line 1: ties suppression to the bounce type alone .* such as 5\.7\.1 keep the address/,
      ),
    ]);
    expect(
      checkGuideStatements('g.mdx', '| Below 2% | Healthy. | Keep suppressing hard bounces. |', pages),
    ).toHaveLength(1);
    expect(checkGuideStatements('g.mdx', '4. **Retry soft bounces**. Mail servers do this for you.', pages)).toEqual([
      expect.stringMatching(/line 1: says the mail server retries soft bounces .* such as 5\.2\.2 are permanent/),
    ]);
    for (const ok of [
      'Suppress at once on a hard bounce whose code says the address itself is bad.',
      'Keep suppressions permanently for the dead addresses of rule 1.',
      'For a temporary (4xx) reply your mail server does this for you.',
      'Count hard and soft bounces separately.',
    ])
      expect(checkGuideStatements('g.mdx', ok, pages), ok).toEqual([]);
  });
});

describe('the shipped data, guides and search index', () => {
  const pages = loadDataset('data/codes');
  it('no code page contradicts itself', () => {
    expect(checkPageStatements(pages)).toEqual([]);
  });
  it('no guide contradicts a code page', () => {
    const dir = 'src/pages/guides';
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.mdx')))
      expect(checkGuideStatements(`${dir}/${f}`, readFileSync(`${dir}/${f}`, 'utf8'), pages)).toEqual([]);
  });
  it('no search hit (code or provider text) shows a bounce type beside an action it contradicts', () => {
    const index = prepareIndex(buildSearchIndex(pages, loadProviders('data/providers')), '/');
    const conflicts = index.docs
      .map((d) => [d.hit.url, badgeConflict(d.hit.bounceType, d.hit.verdict)] as const)
      .filter(([, c]) => c);
    expect(conflicts).toEqual([]);
    // GoDaddy's IB607, the case that was reported: soft, retry.
    const ib607 = index.docs.find((d) => d.hit.url.endsWith('#godaddy-550-ib607-too-many-recipients-this-hour'))!;
    expect([ib607.hit.bounceType, ib607.hit.verdict]).toEqual(['soft', 'retry']);
  });
});

// A reader's audit of every built code page (2026-12-03) found pages whose card, rows and prose
// told two stories. Each case, as the data now reads, with why.
describe('the contradictions the page audit found stay fixed', () => {
  const pages = loadDataset('data/codes');
  const providers = loadProviders('data/providers');
  const at = (code: string) => pages.find((p) => p.code === code)!;
  const row = (code: string, when: string) => at(code).decisions?.find((d) => d.when.includes(when))?.verdict;
  const variant = (id: string) => providers.flatMap((p) => p.variants).find((v) => v.id === id)!;
  it('453 and 458 (nothing queued; a queue run refused) are not failures', () => {
    for (const code of ['453', '458']) expect([at(code).bounceType, at(code).verdict]).toEqual(['info', 'none']);
  });
  it('a loop or a recipient domain set up wrong is retried once the receiving side fixes it, not blamed on you', () => {
    expect(row('5.4.6', "Gmail's 50 hops")).toBe('retry');
    expect(row('554', 'exceeded the hop limit')).toBe('retry');
    expect(variant('gmail-554-5-4-6-mail-loop').verdict).toBe('retry');
    expect(row('5.4.1', 'Relay Access Denied')).toBe('retry');
    expect(variant('microsoft-550-5-4-1-relay-access-denied').verdict).toBe('retry');
    // …while a domain that refuses your sender is still yours to fix.
    expect(row('5.4.1', 'All recipient addresses rejected')).toBe('fix-sender');
  });
  it("one 5.3.2 (the host's state, mostly passing causes) does not drop the address", () => {
    expect([at('5.3.2').bounceType, at('5.3.2').verdict]).toEqual(['soft', 'retry']);
    expect(row('5.3.2', 'Every mail host of the domain')).toBe('suppress');
  });
  it("your own domain's DNS (Yahoo's 451 unresolvable from domain) is yours to fix, as the 451 table says", () => {
    expect(variant('yahoo-451-unresolvable-from-domain').verdict).toBe('fix-sender');
    expect(row('451', 'a sender domain that does not resolve')).toBe('fix-sender');
    expect(at('456').verdict).toBe('fix-sender');
  });
  it('a temporary 4.2.1 keeps the address; only a permanent 5.2.1 that says disabled drops it', () => {
    const fix = at('4.2.1').fixes.sender!.find((f) => f.includes('suppress the address'))!;
    expect(fix).toMatch(/permanent \(5\.2\.1\)/);
    expect(at('4.2.1').verdict).toBe('retry');
  });
  it('"Sender denied" (5.1.0) is about the sending side on the page and in the provider text', () => {
    expect(at('5.1.0').meaning.join(' ')).toMatch(/"Sender denied" about the sending side/);
    expect(variant('microsoft-5-1-0-sender-denied').meaning).toMatch(/^Exchange refused the sending side/);
    expect(row('5.1.0', 'Sender denied')).toBe('fix-sender');
  });
  it('the suppress advice does not call an address dead that a page says is not (5.1.4, 5.6.7)', () => {
    expect(VERDICTS.suppress.advice).not.toMatch(/\bdead\b/);
    expect(at('5.1.4').meaning.join(' ')).toMatch(/not necessarily dead/);
    expect(row('5.6.7', 'non-ASCII characters')).toBe('suppress');
    expect(at('5.6.7').fixes.sender!.join(' ')).toMatch(
      /because of this code alone.*The one exception is a non-ASCII address/,
    );
  });
});

describe('ruleTextDisagreements: a rule table and a text with that rule that read two ways', () => {
  const table = { pattern: '\\bXR([0-9]{3})\\b', codes: { '100': 'blocked', '200-299': 'speeding' } };
  const v = (id: string, reply: string, text: string, verdict: 'retry' | 'fix-sender' | 'fix-message') => ({
    id,
    reply,
    text,
    verdict,
  });
  it('names a 5xx text whose rule reads another way, exact or by range', () => {
    expect(
      ruleTextDisagreements(
        table,
        [
          v('a', '550', 'Content refused. XR100', 'fix-message'),
          v('b', '550', 'Blocked. XR100', 'fix-sender'),
          v('c', '550', 'Too fast. xr250', 'fix-sender'),
          v('d', '421', 'Refused, try later. XR100', 'retry'),
          v('e', '550', 'No label here', 'retry'),
        ],
        reasonVerdict,
      ),
    ).toEqual([
      { reason: 'blocked', label: 'XR100', variantId: 'a', verdict: 'fix-message' },
      { reason: 'speeding', label: 'xr250', variantId: 'c', verdict: 'fix-sender' },
    ]);
  });
  it("on the shipped data, only La Poste's two 510 texts differ (each named in the rule's row)", () => {
    const providers = loadProviders('data/providers');
    const { byProvider } = loadRuleLabelPages(providers.map((p) => p.id));
    const found = providers.flatMap((p) =>
      (byProvider.get(p.id) ?? []).flatMap((t) => ruleTextDisagreements(t, p.variants, reasonVerdict)),
    );
    expect(found.map((d) => d.variantId).sort()).toEqual([
      'laposte-550-5-5-0-lpn-510-service-refused',
      'laposte-550-5-7-1-lpn-510-likely-unsolicited',
    ]);
  });
});

describe('crosswalk rows give the page headline', () => {
  it('"depends" for a page with a decision table, not its fallback row', () => {
    const rows = crosswalkRows(
      [
        { code: '550', title: 'x', verdict: 'fix-sender', decisions: [{}, {}] },
        { code: '5.1.1', title: 'y', verdict: 'suppress' },
      ],
      [],
      [],
    );
    expect(rows.map((r) => r.verdict)).toEqual(['depends', 'suppress']);
  });
});
