import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { badgeConflict } from '../../src/lib/verdict-checks';

const dist = new URL('../../dist/', import.meta.url).pathname;

test('a broad code says the action depends on the text and shows a decision table', async ({ page }) => {
  test.slow(); // two page loads and a dozen checks: give a busy machine the time
  await page.goto('/codes/550/');
  const verdict = page.locator('section.verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'depends');
  await expect(page.getByRole('heading', { name: 'What to do: Depends on the reason: read the text' })).toBeVisible();
  // Never "Suppress the address" as the headline of a code that is just as often a policy block.
  await expect(page.getByRole('heading', { name: /What to do: Suppress/ })).toHaveCount(0);
  const rows = verdict.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  await expect(rows.filter({ hasText: 'does not exist' })).toHaveAttribute('data-verdict', 'suppress');
  await expect(rows.filter({ hasText: 'block list' })).toHaveAttribute('data-verdict', 'fix-sender');
  // Unknown text falls back to keeping the address.
  await expect(page.locator('[data-fallback]')).toHaveAttribute('data-fallback', 'fix-sender');
  await expect(page.locator('.facts')).toContainText('Address: depends on the text', { useInnerText: true });
  // An example links to the provider text's anchor on the page that holds it.
  await rows.filter({ hasText: 'does not exist' }).getByRole('link', { name: 'Gmail 550 5.1.1' }).click();
  await expect(page).toHaveURL(/\/codes\/5\.1\.1\/#gmail-550-5-1-1-no-such-user$/);
  await expect(page.locator('#gmail-550-5-1-1-no-such-user')).toBeVisible();
});

test('a hard bounce that keeps the address says so apart from the bounce type', async ({ page }) => {
  await page.goto('/codes/5.3.4/');
  const facts = page.locator('.facts');
  await expect(facts).toContainText('Failure: Hard bounce', { useInnerText: true });
  await expect(facts).toContainText('Address: keep it', { useInnerText: true });
  await expect(facts.locator('.badge.addr-keep')).toBeVisible();
  await expect(facts.locator('.badge.addr-remove')).toHaveCount(0);
  await expect(page.locator('section.verdict')).toHaveAttribute('data-verdict', 'fix-message');
});

test('a code whose every reading leads to one action keeps a single-verdict headline', async ({ page }) => {
  await page.goto('/codes/5.1.1/');
  await expect(page.getByRole('heading', { name: 'What to do: Suppress the address' })).toBeVisible();
  await expect(page.locator('.facts .badge.addr-remove')).toHaveText('remove it');
  await expect(page.locator('section.verdict table')).toHaveCount(0);
});

test('421 never tells you to suppress and prints no raw verdict values', async ({ page }) => {
  await page.goto('/codes/421/');
  const article = page.locator('article');
  await expect(article).not.toContainText('(fix-sender)');
  await expect(article).not.toContainText(/suppress an address only after/i);
  await expect(page.locator('.facts')).toContainText('Address: keep it', { useInnerText: true });
});

// Pages that must not say two incompatible things (src/lib/verdict-checks.ts keeps the data honest;
// these prove what is rendered).

test("GoDaddy's 550 hourly limit: a soft bounce to send again, never 'Hard bounce' beside 'Retry later'", async ({
  page,
}) => {
  test.slow(); // a suggestion list, a code page and a provider page on a busy machine
  await page.goto('/codes/550/');
  await page.locator('#q').fill('550 This IP has sent too many to too many recipients this hour. IB607');
  const option = page.locator('#q-list [role=option][data-url$="#godaddy-550-ib607-too-many-recipients-this-hour"]');
  await expect(option.locator('.badge')).toHaveText(['Soft bounce', 'Retry later']);
  // On the 550 page (a hard bounce) the text carries its own type; the provider page's row says why.
  const item = page.locator('#godaddy-550-ib607-too-many-recipients-this-hour');
  await expect(item.locator('.badge.soft')).toHaveText('Soft bounce');
  await page.goto('/providers/godaddy/');
  const cell = page.locator('#godaddy-550-ib607-too-many-recipients-this-hour td[data-label="What to do"]');
  await expect(cell).toContainText('Retry later');
  await expect(cell.locator('.badge')).toHaveText('Soft bounce');
  await expect(cell).toContainText('your server will not retry it');
  await expect(page.locator('#godaddy-550-recipient-not-found td[data-label="What to do"] .badge')).toHaveText(
    'Hard bounce',
  );
});

test('a 5xx to send again later: soft, and no queue retry schedule', async ({ page }) => {
  await page.goto('/codes/5.3.0/');
  const facts = page.locator('.facts');
  await expect(facts).toContainText('Failure: Soft bounce', { useInnerText: true });
  await expect(facts).toContainText('Retry: Yes, later, but by you', { useInnerText: true });
  const verdict = page.locator('section.verdict');
  await expect(verdict).toContainText('no server retries this message');
  await expect(verdict).not.toContainText('Let the sending server retry');
  // The 4xx form keeps the queue's schedule.
  await page.goto('/codes/4.3.0/');
  await expect(page.locator('section.verdict')).toContainText('Let the sending server retry');
  await expect(page.locator('.facts')).toContainText('your server retries later', { useInnerText: true });
});

test("a code that says the queue gave up (4.4.7, 447) does not promise the queue's retries", async ({ page }) => {
  for (const code of ['4.4.7', '447']) {
    await page.goto(`/codes/${code}/`);
    const verdict = page.locator('section.verdict');
    await expect(verdict).toContainText('The sending server has stopped trying and returned the message');
    await expect(verdict).not.toContainText('Let the sending server retry');
  }
});

test('a note that gave a second reading is a decision table (5.3.2, 5.0.0)', async ({ page }) => {
  await page.goto('/codes/5.3.2/');
  await expect(page.locator('section.verdict')).toHaveAttribute('data-verdict', 'depends');
  await expect(page.locator('section.verdict tbody tr[data-verdict="retry"]')).toContainText('maintenance');
  // A retry row on a 5xx page says who sends again, under a "Hard bounce" card.
  await expect(page.locator('section.verdict tbody tr[data-verdict="retry"] [data-resend]')).toContainText(
    'nothing retries a 5xx',
  );
  // A page that explains its texts inline says it beside the text too (Gmail's 550 5.2.1 receiving rate).
  await page.goto('/codes/5.2.1/');
  const gmail = page.locator('#gmail-550-5-2-1-receiving-rate');
  await expect(gmail.locator('.badge.soft')).toHaveText('Soft bounce');
  await expect(gmail.locator('[data-type-note]')).toContainText('your server will not retry it');
  await page.goto('/codes/5.0.0/');
  await expect(page.locator('section.verdict tbody tr[data-verdict="suppress"]')).toContainText('user unknown');
});

test('the crosswalk shows the headline of a page with a decision table, not its fallback', async ({ page }) => {
  await page.goto('/crosswalk/');
  await expect(page.locator('#code-5-2-2 td').first()).toHaveText('Depends on the text');
});

test('a rule table says when a text with that rule reads another way', async ({ page }) => {
  await page.goto('/providers/laposte/');
  const note = page.locator('[data-rule-text="laposte-550-5-7-1-lpn-510-likely-unsolicited"]');
  await expect(note).toContainText('names its cause more precisely: Fix the message');
  await note.getByRole('link').click();
  await expect(page).toHaveURL(/#laposte-550-5-7-1-lpn-510-likely-unsolicited$/);
});

test('every built code page agrees with its JSON, codes.json and the search index; no badge pair contradicts', () => {
  const all = new Map<string, { verdict?: string; decisions?: unknown[]; bounceType: string }>(
    JSON.parse(readFileSync(join(dist, 'data/codes.json'), 'utf8')).codes.map((c: { code: string }) => [c.code, c]),
  );
  const index = JSON.parse(readFileSync(join(dist, 'data/search-index.json'), 'utf8'));
  const facts = new Map<string, string[]>(index.codes.map(([code]: string[], i: number) => [code, index.facts[i]]));
  const wrong: string[] = [];
  const dirs = readdirSync(join(dist, 'codes'), { withFileTypes: true }).filter((d) => d.isDirectory());
  expect(dirs.length).toBeGreaterThan(100);
  for (const { name: code } of dirs) {
    const html = readFileSync(join(dist, 'codes', code, 'index.html'), 'utf8');
    const shown = /<section class="verdict[^"]*"[^>]*data-verdict="([^"]+)"/.exec(html)?.[1];
    const type = /<dt>Failure:<\/dt><dd><span class="badge (\w+)"/.exec(html)?.[1] ?? 'info';
    const json = JSON.parse(readFileSync(join(dist, 'codes', `${code}.json`), 'utf8'));
    const headline = json.decisions?.length ? 'depends' : json.verdict;
    const dump = all.get(code)!;
    const said = [
      ['page', shown ?? 'none', type],
      [`${code}.json`, headline ?? 'none', json.bounceType],
      ['codes.json', (dump.decisions?.length ? 'depends' : dump.verdict) ?? 'none', dump.bounceType],
      ['search-index.json', facts.get(code)?.[1], facts.get(code)?.[0]],
    ];
    for (const s of said.slice(1))
      if (s[1] !== said[0][1] || s[2] !== said[0][2])
        wrong.push(`${code}: page says ${said[0][1]}/${said[0][2]}, ${s.join(' ')}`);
    const conflict = badgeConflict(type as 'hard', shown as 'retry');
    if (conflict) wrong.push(`${code}: ${conflict}`);
  }
  // Provider pages: each text's own bounce type beside its action.
  for (const id of readdirSync(join(dist, 'providers'), { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const html = readFileSync(join(dist, 'providers', id.name, 'index.html'), 'utf8');
    for (const [, cell] of html.matchAll(/data-label="What to do">([\s\S]*?)<\/td>/g)) {
      const label = cell.split('<')[0].trim();
      const type = /class="badge (\w+)"/.exec(cell)?.[1];
      const verdict = { 'Retry later': 'retry', 'Suppress the address': 'suppress' }[label];
      if (type && badgeConflict(type as 'hard', verdict as 'retry'))
        wrong.push(`/providers/${id.name}/: ${label} beside ${type}`);
    }
  }
  expect(wrong).toEqual([]);
});

test("a tool's hard/soft is said as the tool's, with what it means for the address", async ({ page }) => {
  await page.goto('/codes/5.7.26/');
  await expect(page.locator('.facts')).toContainText('Failure: Hard bounce', { useInnerText: true });
  await expect(page.locator('div.hd:has(#tools) + ul')).toContainText('soft bounce to sisimai: address kept');
});
