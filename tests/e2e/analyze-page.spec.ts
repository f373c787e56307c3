import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';

// The /analyze/ page's own interface: example and clear, the result brought into view and
// announced, pulled-out facts and the evidence marked in the pasted text.

/** A returned message whose Authentication-Results say SPF failed (sisimai's lhost-amazonses-09). */
const WITH_AUTH_RESULTS = readFileSync('tests/fixtures/sisimai/maildir/bsd/lhost-amazonses-09.eml', 'utf8');

const fact = (page: import('@playwright/test').Page, kind: string) => page.locator(`#facts .fact[data-kind="${kind}"]`);

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('Example fills in a real bounce; the result is focused, in view and announced', async ({ page }) => {
    await page.goto('/analyze/');
    await expect(page.locator('#results-title')).not.toBeInViewport();
    await page.getByRole('button', { name: 'Example' }).click();
    await expect(page.locator('#bounce')).toHaveValue(/^Return-Path: <>\n/);
    await expect(page.locator('#bounce')).toHaveValue(/550-5\.7\.26 This mail has\n\s+been blocked/);
    await expect(page.locator('#example-note')).toBeVisible();
    await expect(page.locator('#results-title')).toBeFocused();
    await expect(page.locator('#results-title')).toBeInViewport();
    await expect(page.locator('#analysis-status')).toHaveText('1 failure found: 550 5.7.26, Fix the sender.');
    await expect(page.locator('#analysis-status')).toHaveAttribute('aria-live', 'polite');
    // The facts a sender needs, each with where it was read.
    await expect(fact(page, 'sending-ip')).toContainText('192.0.2.22');
    await expect(fact(page, 'stage')).toContainText('DATA');
    await expect(fact(page, 'remote-mta')).toContainText('gmail-smtp-in.l.google.com');
    await expect(fact(page, 'spf')).toContainText('fail');
    await expect(fact(page, 'dkim')).toContainText('fail');
    await expect(fact(page, 'envelope-domain')).toContainText('relay3.example.com');
    // No sideways scrolling with all of it shown.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  test('the marked text starts at its first mark, dozens of header lines down, on the first result', async ({
    page,
  }) => {
    await page.goto('/analyze/');
    await page.getByRole('button', { name: 'Example' }).click();
    await expect(page.locator('#findings > li')).toHaveCount(1);
    // The box was still hidden when its first mark was measured, so it started at the top.
    const box = page.locator('#marked-box .marked');
    await box.scrollIntoViewIfNeeded();
    expect(await box.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    const first = page.locator('#marked mark').first();
    const [b, m] = await Promise.all([box.boundingBox(), first.boundingBox()]);
    expect(m!.y).toBeGreaterThanOrEqual(b!.y);
    expect(m!.y + m!.height).toBeLessThanOrEqual(b!.y + b!.height);
  });

  test('a fact’s line link shows and focuses its mark in the text', async ({ page }) => {
    await page.goto('/analyze/');
    await page.getByRole('button', { name: 'Example' }).click();
    const link = fact(page, 'sending-ip').getByRole('link').first();
    await expect(link).toHaveText(/^line \d+$/);
    await link.click();
    const mark = page.locator('#marked mark:focus');
    await expect(mark).toHaveText('192.0.2.22');
    await expect(mark).toBeInViewport();
    await expect(mark).toHaveAttribute('title', /Sending IP: 192\.0\.2\.22/);
    // The link does not put a fragment in the address (the fragment is for share links).
    expect(new URL(page.url()).hash).toBe('');
  });

  test('a paste is analysed at once and brought into view, without taking the focus', async ({ page }) => {
    await page.goto('/analyze/');
    const box = page.locator('#bounce');
    await box.focus();
    await box.evaluate((el: HTMLTextAreaElement, text) => {
      el.value = text;
      el.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', bubbles: true }));
    }, '550 5.7.1 Service unavailable; Client host [192.0.2.17] blocked using bl.spamcop.net');
    await expect(page.locator('#analysis-status')).toHaveText(/^1 failure found: 550 5\.7\.1, /);
    await expect(page.locator('#results-title')).toBeInViewport();
    await expect(box).toBeFocused();
    await expect(fact(page, 'sending-ip')).toContainText('192.0.2.17');
  });
});

test('a pasted log lists its failures first and never counts a delivery as a failure', async ({ page }) => {
  await page.goto('/analyze/');
  const log = [
    'Nov 27 10:00:01 mx postfix/smtp[11]: A1: to=<ann@example.net>, relay=mx.example.net[192.0.2.4]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9)',
    'Nov 27 10:00:02 mx postfix/smtp[12]: A2: to=<bob@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command))',
    'Nov 27 10:00:03 mx postfix/smtp[13]: A3: to=<cy@example.org>, relay=mx.example.org[192.0.2.2]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 10)',
  ].join('\n');
  await page.locator('#bounce').fill(log);
  await expect(page.locator('#analysis-status')).toHaveText(
    '1 failure found: 550 5.1.1, Suppress the address. Also 2 reports of success: no action.',
  );
  const cards = page.locator('#findings > li');
  await expect(cards).toHaveCount(3);
  await expect(cards.first()).toHaveAttribute('data-verdict', 'suppress');
  await expect(cards.first()).toContainText('bob@example.com');
  await expect(cards.nth(1)).toHaveAttribute('data-verdict', 'none');
});

test('an answer for text that has since changed is never shown over the newer one', async ({ page }) => {
  await page.goto('/analyze/');
  const box = page.locator('#bounce');
  await box.focus();
  // A big log goes to the analyzer's worker first; the reader replaces it at once. The worker
  // answers in order, so when the second answer is shown the first has come and been dropped.
  const big = Array.from({ length: 4000 }, (_, i) => `550 5.1.1 <u${i}@example.com>: User unknown`).join('\n');
  await box.evaluate(
    (el: HTMLTextAreaElement, [first, second]) => {
      for (const text of [first, second]) {
        el.value = text;
        el.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', bubbles: true }));
      }
    },
    [big, '452 4.2.2 <ann@example.org>: Mailbox full'],
  );
  await expect(page.locator('#analysis-status')).toHaveText(/^1 failure found: 452 4\.2\.2, /);
  await expect(page.locator('#findings > li')).toHaveCount(1);
  await expect(page.locator('#findings > li')).toContainText('ann@example.org');
});

/** A Postfix log of `n` lines, every other one a bounce (line i's recipient is u<i>). */
const postfixLog = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    i % 2
      ? `Nov 27 10:00:01 mx postfix/smtp[${i}]: Q${i}: to=<u${i}@example.net>, relay=mx.example.net[192.0.2.4]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${i})`
      : `Nov 27 10:00:02 mx postfix/smtp[${i}]: Q${i}: to=<u${i}@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 <u${i}@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command))`,
  ).join('\n');

/** Pastes `text` as a reader does: onto the clipboard, then Ctrl+V into the focused box. */
async function paste(page: import('@playwright/test').Page, text: string) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('#bounce').focus();
  await page.keyboard.press('ControlOrMeta+V');
}

test('words that say only that delivery failed give a guess, said to be one, and no advice to change the message', async ({
  page,
}) => {
  await page.goto('/analyze/');
  await page.locator('#bounce').fill('Delivery to the following recipients failed.\n\n       ann@one.example\n');
  const card = page.locator('#findings > li').first();
  await expect(card).toContainText('(inferred from the words)');
  await expect(card.locator('.warning')).toContainText('the verdict is only a guess');
  await expect(card).toContainText('The text does not say what was refused. Keep the address');
  await expect(card).not.toContainText('Change what was refused');
});

test('a short paste goes into the box and is read there', async ({ page }) => {
  await page.goto('/analyze/');
  await paste(page, '452 4.2.2 <ann@example.org>: Mailbox full');
  await expect(page.locator('#bounce')).toHaveValue('452 4.2.2 <ann@example.org>: Mailbox full');
  await expect(page.locator('#long-text')).toBeHidden();
  await expect(page.locator('#analysis-status')).toHaveText(/^1 failure found: 452 4\.2\.2, /);
});

test('a long paste is kept out of the box, its first records shown at once, then the whole; it can be edited in the box', async ({
  page,
}) => {
  test.slow(); // axe over 200 findings, on a busy machine
  await page.goto('/analyze/');
  const log = postfixLog(1600); // ~300,000 characters: past both the box's limit and the preview's
  // Every status the page shows, in order, with whether the result was marked busy then.
  await page.evaluate(() => {
    const status = document.getElementById('analysis-status')!;
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver(() =>
      seen.push(`${document.getElementById('results')!.getAttribute('aria-busy') ?? '-'} ${status.textContent}`),
    ).observe(status, { childList: true, characterData: true, subtree: true });
  });
  await paste(page, log);
  await expect(page.locator('#bounce')).toBeHidden();
  await expect(page.locator('#long-text')).toBeVisible();
  await expect(page.locator('#long-text')).toBeFocused();
  await expect(page.locator('#long-size')).toHaveText(`${log.length.toLocaleString('en-US')} characters, 1,600 lines`);
  await expect(page.locator('#analysis-status')).toHaveText(
    '800 failures found (first 200 shown). First: 550 5.1.1, Suppress the address (+799 more). Also 800 reports of success: no action.',
  );
  await expect(page.locator('#results')).not.toHaveAttribute('aria-busy');
  await expect(page.locator('#findings > li')).toHaveCount(200);
  await expect(page.locator('#findings > li').first()).toContainText('u0@example.com');
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  // The first records' result came first, marked busy and saying how much was read.
  const partial = seen.findIndex((s) => /^true Reading the rest… So far, in the first [\d,]+ of /.test(s));
  expect(partial, seen.join('\n')).toBeGreaterThanOrEqual(0);
  expect(seen.at(-1)).toMatch(/^- 800 failures found/);
  // The box that stands in for the text is as accessible as the rest (its own part of the page).
  const { violations } = await new AxeBuilder({ page })
    .include('.analyzer')
    .options({ resultTypes: ['violations'] })
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  // The marked copy shows the start of the text; the box gets it all when asked.
  await expect(page.locator('#marked')).toContainText('Q0: to=<u0@example.com>');
  await page.getByRole('button', { name: 'Edit it in the box' }).click();
  await expect(page.locator('#long-text')).toBeHidden();
  await expect(page.locator('#bounce')).toBeFocused();
  expect(await page.locator('#bounce').evaluate((el: HTMLTextAreaElement, text) => el.value === text, log)).toBe(true);
  await expect(page.locator('#analysis-status')).toHaveText(/^800 failures found/);
  // Clear brings back an empty box.
  await paste(page, log);
  await expect(page.locator('#long-text')).toBeVisible();
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.locator('#long-text')).toBeHidden();
  await expect(page.locator('#bounce')).toHaveValue('');
  await expect(page.locator('#bounce')).toBeFocused();
  await expect(page.locator('#findings > li')).toHaveCount(0);
});

test('Clear empties the text, the result, the facts and the marks', async ({ page }) => {
  await page.goto('/analyze/');
  await page.getByRole('button', { name: 'Example' }).click();
  await expect(page.locator('#findings > li')).toHaveCount(1);
  await expect(page.locator('#marked mark').first()).toBeVisible();
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.locator('#bounce')).toHaveValue('');
  await expect(page.locator('#bounce')).toBeFocused();
  await expect(page.locator('#findings > li')).toHaveCount(0);
  await expect(page.locator('#facts-box')).toBeHidden();
  await expect(page.locator('#marked-box')).toBeHidden();
  await expect(page.locator('#marked mark')).toHaveCount(0);
  await expect(page.locator('#example-note')).toBeHidden();
  await expect(page.locator('#analysis-status')).toHaveText('Cleared. Paste a bounce to analyse it.');
});

test('Analyse reads Authentication-Results of the returned message and marks them', async ({ page }) => {
  await page.goto('/analyze/');
  await page.locator('#bounce').fill(WITH_AUTH_RESULTS);
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(page.locator('#results-title')).toBeFocused();
  await expect(fact(page, 'spf').first()).toBeVisible();
  const spfFail = fact(page, 'spf').filter({ hasText: 'fail (smtp.mailfrom=us-west-2.amazonses.com)' });
  await expect(spfFail).toContainText('in Authentication-Results of the returned message');
  await expect(fact(page, 'dkim')).toContainText('neutral (header.i=amazonses.com)');
  await expect(fact(page, 'sending-ip')).toContainText('192.0.2.153');
  const marks = page.locator('#marked mark.m-fact');
  await expect(marks.filter({ hasText: /^spf=fail$/ })).toHaveCount(1);
  await expect(marks.filter({ hasText: /^dkim=neutral$/ })).toHaveCount(1);
  // The findings' evidence is marked too, as the analyzer read it.
  await expect(page.locator('#marked mark.m-finding').first()).toBeVisible();
  // The marked text is the pasted text, unchanged.
  expect(await page.locator('#marked').textContent()).toBe(WITH_AUTH_RESULTS);
});

test('Analyse with an empty box asks for text', async ({ page }) => {
  await page.goto('/analyze/');
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(page.locator('#analysis-status')).toHaveText('Paste a bounce first, or try the example.');
  await expect(page.locator('#bounce')).toBeFocused();
});

test('markup in pasted text stays text in the marked copy', async ({ page }) => {
  const text =
    'Remote-MTA: dns; <img src=x onerror=alert(1)>\n550 5.7.1 <b>Client host [192.0.2.9] blocked</b> (in reply to RCPT TO command)';
  await page.goto('/analyze/');
  await page.locator('#bounce').fill(text);
  await page.getByRole('button', { name: 'Analyse' }).click();
  await expect(fact(page, 'sending-ip')).toContainText('192.0.2.9');
  await expect(page.locator('#marked img, #marked b, #facts img')).toHaveCount(0);
  expect(await page.locator('#marked').textContent()).toBe(text);
});

for (const colorScheme of ['light', 'dark'] as const)
  test(`no axe violations on /analyze/ with facts and marks shown (${colorScheme})`, async ({ page }) => {
    test.slow();
    await page.emulateMedia({ colorScheme });
    await page.goto('/analyze/');
    await page.getByRole('button', { name: 'Example' }).click();
    await expect(page.locator('#marked mark').first()).toBeVisible();
    await expect(fact(page, 'sending-ip')).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
