/**
 * Scores the analyzer on the bounce emails of five other projects' parser tests
 * (tests/fixtures/parser-tests, see its README), against what each project's test asserts.
 */
import { readFileSync } from 'node:fs';
import type { Finding } from '../../src/lib/analyzer.ts';
import { codeWritten } from './benchmark.ts';

export const PARSER_TESTS_DIR = 'tests/fixtures/parser-tests';

export interface ParserTestExpectation {
  source: { repo: string; commit: string; path: string };
  /** The test says it is a bounce (true), says it is not (false), or asserts nothing (null). */
  bounce: boolean | null;
  /** Failed (final) recipients as asserted, with any "rfc822;" prefix. */
  failed: string[] | null;
  status: string | null;
  action: string | null;
  remoteMta: string | null;
  asserts: string[];
  notes?: string;
}

export const PARSER_TEST_METRICS = ['found', 'recipients', 'status', 'remoteMta'] as const;
export type ParserTestScore = Record<(typeof PARSER_TEST_METRICS)[number], boolean | null>;

export function loadParserTestExpectations(): Map<string, ParserTestExpectation> {
  return new Map(
    Object.entries(
      JSON.parse(readFileSync(`${PARSER_TESTS_DIR}/expectations.json`, 'utf8')) as Record<
        string,
        ParserTestExpectation
      >,
    ),
  );
}

/** "RFC822; a@b" → "a@b", "dns; mx.example" → "mx.example", lower-cased. */
const bare = (s: string) =>
  s
    .replace(/^[a-z0-9-]{1,20};\s*/i, '')
    .trim()
    .toLowerCase();

export function scoreEmail(want: ParserTestExpectation, email: string, findings: Finding[]): ParserTestScore {
  const failed = findings.filter((f) => f.verdict !== 'none');
  const every = (ok: (f: Finding) => boolean) => failed.length > 0 && failed.every(ok);
  const ours = new Set(failed.map((f) => f.recipient?.toLowerCase()));
  const mta = want.remoteMta && bare(want.remoteMta);
  return {
    // A delay notice is a failure still being retried: retry, and nothing else.
    found:
      want.bounce === null
        ? null
        : want.action === 'delayed'
          ? every((f) => f.verdict === 'retry')
          : failed.length > 0 === want.bounce,
    // Each recipient the test asserts is among ours. More is not counted wrong: their parsers drop
    // some on purpose (RIPE's keeps no address too long for its database; MailBounceDetector's
    // returns only the last of several, as its test says).
    recipients: want.failed ? want.failed.every((r) => ours.has(bare(r))) : null,
    status: want.status && codeWritten(want.status, email) ? every((f) => f.enhancedCode === want.status) : null,
    // Only a host name (MimeKit's bounce.txt has a URL a filter wrote over it).
    remoteMta: mta && /^[a-z0-9.-]+$/.test(mta) ? every((f) => f.remoteMta?.toLowerCase() === mta) : null,
  };
}
