// Bounces as three open-source mail servers' own bounce code writes them (six emails) (tests/fixtures/mta-templates,
// see its README): formats the analyzer was never tuned on. The expected readings were written from
// each server's code before the analyzer first read these files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeEmail, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';
import { GAVE_UP_SCHEDULE, RETRY_SCHEDULE } from '../../src/lib/verdicts';

const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));
const read = async (file: string) =>
  (await analyzeEmail(new Uint8Array(readFileSync(`tests/fixtures/mta-templates/${file}`)), k)).findings;

const UNKNOWN = ['bob@example.net', '550', '5.1.1', 'userunknown', 'suppress'];
const FULL = ['bob@example.net', '452', '4.2.2', 'mailboxfull', 'retry'];

describe('bounces from the code of Haraka, Mox and OpenSMTPD', () => {
  it.each([
    // OpenSMTPD's report always says 5.0.0: the remote's 5.1.1 is in its text, and wins.
    ['haraka-01-permanent-userunknown.eml', UNKNOWN],
    ['mox-01-permanent-userunknown.eml', UNKNOWN],
    ['opensmtpd-01-permanent-userunknown.eml', UNKNOWN],
  ])('%s: one unknown user, dropped', async (file, want) => {
    const found = await read(file);
    expect(found.map((f) => [f.recipient, f.replyCode, f.enhancedCode, f.reason, f.verdict])).toEqual([want]);
  });
  it.each([
    // Haraka gave up after 13 tries (it rewrites the Status to 5.2.2); the remote's own reply was 4.2.2.
    ['haraka-02-tempfail-retries-exhausted.eml', GAVE_UP_SCHEDULE.schedule],
    // Delay notices: the server is still trying.
    ['mox-02-delayed-mailboxfull.eml', RETRY_SCHEDULE.schedule],
    ['opensmtpd-02-delayed-mailboxfull.eml', RETRY_SCHEDULE.schedule],
  ])('%s: a full mailbox, kept; who retries follows the notice', async (file, schedule) => {
    const found = await read(file);
    expect(found.map((f) => [f.recipient, f.replyCode, f.enhancedCode, f.reason, f.verdict])).toEqual([FULL]);
    expect(found[0].retry?.schedule).toBe(schedule);
  });
});
