import { test, expect, SUB } from './fixtures';
import { WORDS_ONLY_NOTICE } from '../support/notices';

const GMAIL =
  "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550 5.1.1 unnecessary spaces. a1si1 - gsmtp";

test('pasting a reply shows its codes, provider, verdict and evidence, machine-readable', async ({ page }) => {
  await page.goto('/analyze/');
  await page.locator('#bounce').fill(GMAIL);
  const f = page.locator('#findings > li');
  await expect(f).toHaveCount(1);
  await expect(f).toHaveAttribute('data-reply-code', '550');
  await expect(f).toHaveAttribute('data-enhanced-code', '5.1.1');
  await expect(f).toHaveAttribute('data-verdict', 'suppress');
  await expect(f).toHaveAttribute('data-provider', 'gmail');
  await expect(f.locator('mark').first()).toHaveText('550');
  await expect(f.locator('mark', { hasText: 'email account that you tried to reach does not exist' })).toBeVisible();
  await f.getByRole('link', { name: '5.1.1' }).click();
  await expect(page).toHaveURL(/\/codes\/5\.1\.1\/$/);
});

test('the text Gmail shows of a bounce, pasted alone, names the address and the dead domain', async ({ page }) => {
  await page.goto('/analyze/');
  // What a reader copies out of the notice: its "** Address not found **" banner once made it read as a log.
  await page
    .locator('#bounce')
    .fill(
      "** Address not found **\n\nYour message wasn't delivered to sironeko@example.jp because the domain example.jp couldn't be found. Check for typos or unnecessary spaces and try again.\n\nThe response was:\n\nDNS Error: 80335577 DNS type 'mx' lookup of example.jp responded with code NXDOMAIN\nDomain name not found: example.jp",
    );
  const f = page.locator('#findings > li');
  await expect(f).toHaveCount(1);
  await expect(f).toHaveAttribute('data-enhanced-code', '5.1.2');
  await expect(f).toHaveAttribute('data-verdict', 'suppress');
  await expect(f).toContainText('sironeko@example.jp');
});

test('a challenge-response request gives no finding and says what it is', async ({ page }) => {
  await page.goto('/analyze/');
  await page
    .locator('#bounce')
    .fill(
      'Your message about "Hello" to bob@example.net has been waitlisted.\nPlease add yourself to my Boxbe Guest List so your messages will be delivered.\n\nDiagnostic-Code: X-Boxbe-Notice; Sender not pre-approved.',
    );
  await expect(page.locator('#analysis-status')).toContainText('challenge-response request');
  await expect(page.locator('#findings > li')).toHaveCount(0);
});

test('a spam complaint (an ESP complaint event) gives no finding and says who complained', async ({ page }) => {
  await page.goto('/analyze/');
  // Amazon SES's complaint notification (as django-anymail's tests keep it).
  const ses = {
    notificationType: 'Complaint',
    complaint: { complainedRecipients: [{ emailAddress: 'richard@example.com' }], complaintFeedbackType: 'abuse' },
    mail: { destination: ['jane@example.com', 'richard@example.com'] },
  };
  await page.locator('#bounce').fill(JSON.stringify(ses, null, 2));
  await expect(page.locator('#analysis-status')).toContainText(
    'this is a complaint, not a bounce. richard@example.com reported your message as spam',
  );
  await expect(page.locator('#findings > li')).toHaveCount(0);
});

test("an address on a sending service's suppression list is suppressed, and not called dead", async ({ page }) => {
  await page.goto('/analyze/');
  // SendGrid's dropped event (as in django-anymail's tests): SendGrid never tried the address.
  await page
    .locator('#bounce')
    .fill('[{"email":"unsubscribe@example.com","reason":"Unsubscribed Address","event":"dropped"}]');
  const f = page.locator('#findings > li');
  await expect(f).toHaveAttribute('data-verdict', 'suppress');
  await expect(f).toContainText('is on its suppression list');
  await expect(f).not.toContainText('cannot receive mail as written');
});

test("a finding says its reason and what it was read from, a provider's rule label included", async ({ page }) => {
  await page.goto('/analyze/');
  await page
    .locator('#bounce')
    .fill('421 4.2.0 Service refused, please try later. OFR005_505 [505] (in reply to end of DATA command)');
  const reason = page.locator('#findings > li p', { hasText: 'Reason:' });
  await expect(reason.locator('code')).toHaveText('systemerror');
  await expect(reason).toContainText('Orange and La Poste rule 505: systemerror');
});

test('a DSN with several recipients gives one result each; a success gives none', async ({ page }) => {
  const dsn = [
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mail.example.org',
    '',
    'Final-Recipient: rfc822; one@example.com',
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 <one@example.com>: Recipient address rejected: User unknown in local recipient table',
    '',
    'Final-Recipient: rfc822; two@example.net',
    'Action: delayed',
    'Status: 4.2.2',
    'Diagnostic-Code: smtp; 452 4.2.2 Mailbox full',
    '',
    'Final-Recipient: rfc822; three@example.org',
    'Action: delivered',
    'Status: 2.0.0',
  ].join('\r\n');
  await page.goto('/analyze/');
  await page.locator('#bounce').fill(dsn);
  await expect(page.locator('#findings > li')).toHaveCount(2);
  await expect(page.locator('#findings > li').nth(0)).toHaveAttribute('data-verdict', 'suppress');
  await expect(page.locator('#findings > li').nth(1)).toHaveAttribute('data-verdict', 'retry');
  await expect(page.locator('#findings > li').nth(1)).toContainText('two@example.net');
});

test('a pasted SMTP session gives the reply that failed, the command it answered and its recipient', async ({
  page,
}) => {
  const session = [
    '220 mx.example.com ESMTP',
    'EHLO mail.example.org',
    '250 mx.example.com',
    'MAIL FROM:<ann@example.org>',
    '250 2.1.0 Ok',
    'RCPT TO:<bob@example.com>',
    '550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown',
    'DATA',
    '503 5.5.1 Error: need RCPT command',
    'QUIT',
    '221 2.0.0 Bye',
  ].join('\n');
  await page.goto('/analyze/');
  await page.locator('#bounce').fill(session);
  const f = page.locator('#findings > li');
  await expect(f).toHaveCount(1);
  await expect(f).toHaveAttribute('data-enhanced-code', '5.1.1');
  await expect(f).toContainText('bob@example.com');
  await expect(page.locator('#facts .fact[data-kind="stage"] dd')).toHaveText([/^RCPT TO/]);
});

test("a bounce a customer forwarded or answered names the failed address, not the customer's", async ({ page }) => {
  const notice = WORDS_ONLY_NOTICE;
  const forward = [
    'Hi, this one came back. Why?',
    '',
    '---------- Forwarded message ---------',
    'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
    'Date: Tue, 1 Dec 2026 at 10:00',
    'Subject: Delivery Status Notification (Failure)',
    'To: <ann@example.org>',
    '',
    ...notice,
  ].join('\n');
  const reply = [
    'What does this mean?',
    '',
    'On Tue, 1 Dec 2026 at 10:00, Mail Delivery Subsystem <mailer-daemon@googlemail.com> wrote:',
    ...notice.map((l) => `> ${l}`),
  ].join('\n');
  await page.goto('/analyze/');
  for (const pasted of [forward, reply]) {
    await page.locator('#bounce').fill(pasted);
    const f = page.locator('#findings > li');
    await expect(f).toHaveCount(1);
    await expect(f).toHaveAttribute('data-verdict', 'suppress');
    await expect(f).toContainText('Recipient: bob@example.net');
    await expect(f).not.toContainText('ann@example.org');
  }
});

test('code-less text is inferred and says so; contradictions are flagged', async ({ page }) => {
  await page.goto('/analyze/');
  await page.locator('#bounce').fill('connect to mx.example.org[192.0.2.2]:25: Connection timed out');
  await expect(page.locator('#findings > li')).toHaveAttribute('data-enhanced-code', '4.4.1');
  await expect(page.locator('#findings > li')).toContainText('inferred from the words');
  await page.locator('#bounce').fill('550 4.7.1 Relaying temporarily denied');
  await expect(page.locator('#findings .warning')).toContainText('contradicts itself');
});

test('typing keeps the text out of the address bar and the history', async ({ page }) => {
  await page.goto('/analyze/');
  const before = await page.evaluate(() => history.length);
  await page.locator('#bounce').pressSequentially('550 5.1.1 User unknown');
  await expect(page.locator('#findings > li')).toHaveCount(1);
  await page.locator('#bounce').fill('452 4.2.2 Mailbox full');
  await expect(page.locator('#findings > li')).toHaveAttribute('data-enhanced-code', '4.2.2');
  expect(new URL(page.url()).hash).toBe('');
  expect(await page.evaluate(() => history.length)).toBe(before);
});

test('a share link is made only when asked for, and opening it restores the result', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/analyze/');
  const text = "452 4.2.2 The recipient's inbox is out of storage space.";
  await page.locator('#bounce').fill(text);
  await expect(page.locator('#findings > li')).toHaveCount(1);
  expect(new URL(page.url()).hash).toBe('');
  await page.getByRole('button', { name: 'Make a share link' }).click();
  await expect(page.locator('#share-status')).toContainText('Link copied');
  await expect(page).toHaveURL(/\/analyze\/#452%204\.2\.2/);
  const shared = await page.locator('#share-url').inputValue();
  expect(shared).toBe(page.url());
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shared);
  // Editing the text afterwards takes the now stale link out of the address bar.
  await page.locator('#bounce').fill(`${text} Edited.`);
  await expect(page).toHaveURL(/\/analyze\/$/);
  await page.goto('/');
  await page.goto(shared);
  await expect(page.locator('#bounce')).toHaveValue(text);
  await expect(page.locator('#findings > li')).toHaveAttribute('data-verdict', 'retry');
  // A second link opened in the same tab (only the fragment changes, no reload) is read too.
  const other = '550 5.1.1 <a@example.com>: User unknown';
  await page.goto(`/analyze/#${encodeURIComponent(other)}`);
  await expect(page.locator('#bounce')).toHaveValue(other);
  await expect(page.locator('#findings > li')).toHaveAttribute('data-verdict', 'suppress');
});

test('the page holds no dataset: what the analyzer knows comes from one cacheable JSON file', async ({
  page,
  request,
}) => {
  const html = await (await request.get('/analyze/')).text();
  // No embedded JSON, and nothing of what the analyzer knows (provider variants, code titles).
  expect(html).not.toContain('application/json');
  expect(html).not.toContain('gmail-550-5-1-1-no-such-user');
  expect(html).not.toContain('Bad destination mailbox address');
  const json = await request.get('/data/analyzer-knowledge.json');
  expect(json.headers()['content-type']).toContain('application/json');
  const knowledge = (await json.json()) as { codes: Record<string, unknown>; variants: unknown[] };
  expect(Object.keys(knowledge.codes)).toContain('5.1.1');
  expect(knowledge.variants.length).toBeGreaterThan(100);
  // Fetched once, when the reader starts, however much is typed.
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto('/analyze/');
  expect(fetched.filter((p) => p.endsWith('analyzer-knowledge.json'))).toEqual([]);
  await page.locator('#bounce').fill('550 5.1.1 User unknown');
  await expect(page.locator('#findings > li')).toHaveCount(1);
  await page.locator('#bounce').fill('421 4.7.0 Try again later');
  await expect(page.locator('#findings > li')).toHaveAttribute('data-enhanced-code', '4.7.0');
  expect(fetched.filter((p) => p.endsWith('analyzer-knowledge.json'))).toHaveLength(1);
});

test('the pasted text never leaves the page', async ({ page }) => {
  const secret = 'zq7-unique-marker-3b9';
  const requests: string[] = [];
  page.on('request', (r) => requests.push(`${r.url()} ${r.postData() ?? ''}`));
  await page.goto('/analyze/');
  requests.length = 0;
  await page.locator('#bounce').fill(`550 5.1.1 <${secret}@example.com>: User unknown`);
  await expect(page.locator('#findings > li')).toHaveCount(1);
  // A request the analysis made would have started by the next frame; the round trip to the page
  // also delivers every network event sent before it (no fixed sleep).
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(0))));
  expect(requests.filter((r) => r.includes(secret) || r.includes(encodeURIComponent(secret)))).toEqual([]);
  // Besides the site's own scripts (the worker's, started with the page, and the MIME parser it
  // warms up with) and the favicon the browser may fetch on its own, the only request is for what
  // the analyzer knows.
  expect(
    requests
      .map((r) => new URL(r.trim()).pathname)
      .filter((p) => p !== '/favicon.svg' && !/^\/_astro\/[\w.-]+\.js$/.test(p)),
  ).toEqual(['/data/analyzer-knowledge.json']);
});

test('an unreachable knowledge file gives a clear message, and the page recovers', async ({ page }) => {
  let fail = true;
  // A 404 (a host that lost the file); the console error Chromium logs for a 404 is expected.
  await page.route('**/data/analyzer-knowledge.json', (route) =>
    fail ? route.fulfill({ status: 404, body: 'missing' }) : route.continue(),
  );
  await page.goto('/analyze/');
  await page.locator('#bounce').fill('550 5.1.1 User unknown');
  await expect(page.locator('#analysis-status')).toContainText('Could not load');
  fail = false;
  await page.locator('#bounce').fill('550 5.1.1 User unknown here');
  await expect(page.locator('#findings > li')).toHaveCount(1);
});

test('pasted HTML stays inert text', async ({ page }) => {
  await page.goto('/analyze/');
  await page
    .locator('#bounce')
    .fill('550 5.1.1 <img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script> User unknown');
  await expect(page.locator('#findings > li')).toHaveCount(1);
  await expect(page.locator('#findings img, #findings script')).toHaveCount(0);
  await expect(page.locator('#findings .evidence')).toContainText('<img src=x onerror=');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('the search offers to analyse a pasted bounce', async ({ page }) => {
  await page.goto(
    `/search/?q=${encodeURIComponent('smtp; 550 5.1.1 <a@b.example>: Recipient address rejected: User unknown')}`,
  );
  const offer = page.locator('#results > li', { hasText: 'Analyse this whole bounce' });
  await expect(offer).toBeVisible();
  await offer.locator('a').click();
  await expect(page).toHaveURL(/\/analyze\/#smtp/);
  await expect(page.locator('#findings > li')).toHaveAttribute('data-enhanced-code', '5.1.1');
});

test('the analyzer works under a sub-path', async ({ page }) => {
  await page.goto(`${SUB}analyze/#${encodeURIComponent('550 5.1.1 User unknown')}`);
  await expect(page.locator('#findings > li a.code').first()).toHaveAttribute('href', '/bounce-codes/codes/550/');
});

test("a provider's text sent with other codes links to where that text is explained", async ({ page }) => {
  await page.goto('/analyze/');
  await page.locator('#bounce').fill('554 5.7.1 <a@example.ch>: Recipient address rejected: Access denied');
  const link = page.locator('#findings a', { hasText: 'Microsoft' });
  const id = (await link.getAttribute('href'))!.split('#')[1];
  await link.click();
  await expect(page.locator(`[id="${id}"]`)).toBeVisible();
});

test('a 5xx to send again later gets no queue schedule; a 4xx keeps it', async ({ page }) => {
  await page.goto('/analyze/');
  await page.locator('#bounce').fill('550 This IP has sent too many to too many recipients this hour. IB607');
  const finding = page.locator('#findings > li');
  await expect(finding).toHaveAttribute('data-verdict', 'retry');
  await expect(finding).toContainText('no server retries this message');
  await expect(finding).not.toContainText('Let the sending server retry');
  await page.locator('#bounce').fill('452 4.2.2 Mailbox full');
  await expect(finding).toContainText('Let the sending server retry');
});

test('a temporary failure in a returned message is for the sender to send again, not for a queue', async ({ page }) => {
  await page.goto('/analyze/');
  await page
    .locator('#bounce')
    .fill(
      'Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 4.4.1\nDiagnostic-Code: X-Postfix; connect to b.example[192.0.2.1]:25: Connection timed out',
    );
  const finding = page.locator('#findings > li');
  await expect(finding).toHaveAttribute('data-verdict', 'retry');
  await expect(finding).toContainText('The sending server has stopped trying and returned the message');
  await expect(finding).not.toContainText('Let the sending server retry');
});
