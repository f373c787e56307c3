import { test, expect, SUB } from './fixtures';

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

test('code-less text is inferred and says so; contradictions are flagged', async ({ page }) => {
  await page.goto('/analyze/');
  await page.locator('#bounce').fill('connect to mx.example.org[192.0.2.2]:25: Connection timed out');
  await expect(page.locator('#findings > li')).toHaveAttribute('data-enhanced-code', '4.4.1');
  await expect(page.locator('#findings > li')).toContainText('inferred from the words');
  await page.locator('#bounce').fill('550 4.7.1 Relaying temporarily denied');
  await expect(page.locator('#findings .warning')).toContainText('contradicts itself');
});

test('the text travels in the fragment, and a shared link restores the result', async ({ page }) => {
  await page.goto('/analyze/');
  await page.locator('#bounce').fill("452 4.2.2 The recipient's inbox is out of storage space.");
  await expect(page).toHaveURL(/\/analyze\/#452%204\.2\.2/);
  const shared = page.url();
  await page.goto('/');
  await page.goto(shared);
  await expect(page.locator('#bounce')).toHaveValue("452 4.2.2 The recipient's inbox is out of storage space.");
  await expect(page.locator('#findings > li')).toHaveAttribute('data-verdict', 'retry');
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
  // Analysing makes no request at all (the browser may still fetch the favicon on its own).
  expect(requests.filter((r) => !r.includes('/favicon.svg'))).toEqual([]);
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
