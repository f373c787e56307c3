// The ESP crosswalk: the page renders every vendor and every code, rows link to code pages,
// code pages link back to their row, and the published JSON matches its schema.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { crosswalkJsonSchema } from '../../src/schemas/crosswalk-json';
import { jsonSchema } from '../../src/lib/json-schema';

const root = new URL('../..', import.meta.url).pathname;

test('the home page links the crosswalk, which shows every vendor and a row per code', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'ESP crosswalk' }).click();
  await expect(page).toHaveURL(/\/crosswalk\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ESP bounce label crosswalk');
  for (const name of ['Amazon SES', 'Twilio SendGrid', 'Postmark', 'SparkPost (Momentum)', 'Mailgun', 'sisimai'])
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  // A label's row gives its meaning, our verdict and its codes.
  const noEmail = page.locator('#amazon-ses-permanent-noemail');
  await expect(noEmail).toHaveAttribute('data-verdict', 'suppress');
  await expect(noEmail.getByRole('link', { name: '5.1.1' })).toBeVisible();
  // A vendor with no label for a code says so in the code's row.
  await expect(page.locator('#code-4-2-2 td').filter({ hasText: 'not published' }).first()).toBeVisible();
  // Only codes a sending service labels get a row (with an anchor); the others are counted, so the
  // page does not grow with the dataset, and the JSON lists every code.
  expect(await page.locator('tr[data-code]').count()).toBeGreaterThanOrEqual(5);
  expect(await page.locator('[id^="code-"]:not(tr)').count()).toBe(0);
  await expect(page.locator('#by-code + p')).toContainText(/\d+ are labelled only by sisimai/);
  await expect(page.locator('#by-code + p').getByRole('link', { name: 'crosswalk.json' })).toHaveAttribute(
    'href',
    '/data/crosswalk.json',
  );
  // A code no sending service labels links to the crosswalk itself; its page gives sisimai's reason.
  await page.goto('/codes/5.7.26/');
  const services = page.locator('.hd:has(#services) + p');
  await expect(services).toContainText('No sending service publishes a label for this code.');
  await services.getByRole('link', { name: 'The ESP crosswalk' }).click();
  await expect(page).toHaveURL(/\/crosswalk\/$/);
  await page.goto('/crosswalk/#sisimai-authfailure');
  await expect(page.locator('#sisimai-authfailure')).toContainText('Fix the sender');
});

test('a code row links to its code page, and the code page links back to its row', async ({ page }) => {
  await page.goto('/crosswalk/');
  const row = page.locator('#code-4-2-2');
  await expect(row).toContainText('MailboxFull');
  await expect(row).toContainText('22 Mailbox Full');
  await row.getByRole('link', { name: '4.2.2', exact: true }).click();
  await expect(page).toHaveURL(/\/codes\/4\.2\.2\/$/);
  const section = page.locator('.hd:has(#services) + p');
  await expect(section).toContainText('Amazon SES Transient / MailboxFull');
  await expect(section).toContainText('not published by Mailgun');
  await section.getByRole('link', { name: 'Crosswalk row and verdicts' }).click();
  await expect(page).toHaveURL(/\/crosswalk\/#code-4-2-2$/);
  await expect(page.locator('#code-4-2-2')).toBeInViewport();
});

test('a vendor label in a code row leads to the label and its verdict', async ({ page }) => {
  await page.goto('/crosswalk/#code-5-1-1');
  await page.locator('#code-5-1-1').getByRole('link', { name: '10 Invalid Recipient' }).click();
  await expect(page).toHaveURL(/#sparkpost-10$/);
  await expect(page.locator('#sparkpost-10')).toContainText('Suppress the address');
});

test('/data/crosswalk.json is served and matches its schema', async ({ request }) => {
  const res = await request.get('/data/crosswalk.json');
  expect(res.ok()).toBe(true);
  const doc = await res.json();
  const r = crosswalkJsonSchema.safeParse(doc);
  expect(r.success ? [] : r.error.issues.slice(0, 3)).toEqual([]);
  const row = doc.codes.find((c: { code: string }) => c.code === '5.2.2');
  expect(row.labels['amazon-ses']).toEqual(['Transient / MailboxFull']);
  expect(row.labels.mailgun).toEqual([]);
  expect(row.url).toBe('/crosswalk/#code-5-2-2');
  const published = await (await request.get('/schemas/crosswalk.schema.json')).json();
  expect(published).toEqual(jsonSchema('crosswalk.schema.json'));
  expect(JSON.parse(readFileSync(`${root}data/schemas/crosswalk.schema.json`, 'utf8'))).toEqual(published);
});
