import { test, expect, search } from './fixtures';

test('4.2.2 and 5.2.2 share the registry entry but differ where the class matters', async ({ page }) => {
  await page.goto('/codes/4.2.2/');
  const lead4 = await page.locator('.lead').textContent();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('4.2.2 Mailbox full');
  await expect(page.locator('dl', { hasText: 'Associated reply codes' })).toContainText('X.2.2');
  await page.locator('dd a', { hasText: '5.2.2' }).click();
  await expect(page).toHaveURL(/\/codes\/5\.2\.2\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('5.2.2 Mailbox full');
  expect(await page.locator('.lead').textContent()).not.toBe(lead4);
  await expect(page.locator('.answer')).toContainText('Permanent failure');
  // 5.2.2 is mostly a full mailbox (retry), but Gmail's "inactive" form means suppress: a decision table.
  await expect(page.locator('section.verdict')).toHaveAttribute('data-verdict', 'depends');
  await expect(page.locator('[data-fallback]')).toHaveAttribute('data-fallback', 'retry');
  await expect(page.locator('dd a', { hasText: '4.2.2' })).toBeVisible();
});

test('a code page says what to do and where in SMTP the code is seen', async ({ page }) => {
  await page.goto('/codes/5.1.1/');
  await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'suppress');
  await expect(page.getByRole('heading', { name: 'What to do: Suppress the address' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Where you see it' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'If you sent the message' })).toBeVisible();
});

test('a number Gmail reuses shows both meanings', async ({ page }) => {
  await page.goto('/codes/5.7.27/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Sender address has null MX');
  await expect(page.getByRole('heading', { name: 'Providers use 5.7.27 differently' })).toBeVisible();
  await expect(page.locator('aside:has(#reused)')).toContainText(/SPF/);
});

test('a provider page lists its texts and links each to its anchor on the code page', async ({ page }) => {
  await page.goto('/providers/');
  await page.getByRole('link', { name: /Gmail/ }).click();
  await expect(page).toHaveURL(/\/providers\/gmail\/$/);
  const row = page.locator('tr[id^="gmail-"]', { hasText: 'does not exist' }).first();
  const id = await row.getAttribute('id');
  await row.locator('a.code').click();
  await expect(page).toHaveURL(new RegExp(`/codes/5\\.1\\.1/#${id}$`));
  await expect(page.locator(`[id="${id}"]`)).toBeVisible();
  await expect(page.locator(`[id="${id}"]`)).toContainText('Gmail');
});

test("pasting a provider's text finds its variant", async ({ page }) => {
  const results = await search(page, 'The email account that you tried to reach does not exist');
  await expect(results.first()).toHaveAttribute('data-url', /^\/codes\/5\.1\.1\/#gmail-/);
  await results.first().locator('a').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('5.1.1');
});

test('a provider-private code leads to the provider that sends it', async ({ page }) => {
  const results = await search(page, '5.7.509');
  await expect(results.locator('a', { hasText: 'Microsoft' }).first()).toBeVisible();
});

test('the JSON beside a page carries the same facts', async ({ request }) => {
  const res = await request.get('/codes/5.2.2.json');
  expect(res.ok()).toBe(true);
  const json = await res.json();
  expect(json).toMatchObject({
    code: '5.2.2',
    recordCode: 'X.2.2',
    title: 'Mailbox full',
    kind: 'enhanced',
    otherClasses: ['4.2.2'],
  });
  const dump = await (await request.get('/data/codes.json')).json();
  expect(dump.formatVersion).toBe(1);
  expect(dump.codes.length).toBe(dump.count);
  expect(dump.codes.find((c: { code: string }) => c.code === '5.2.2')).toEqual(json);
});
