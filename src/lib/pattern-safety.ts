/**
 * Linear-time guarantee for regular expressions that come from data (provider `pattern` fields):
 * a pattern is accepted only when recheck's automaton-based analysis proves that matching it
 * takes linear time on every input. Anything else (exponential or polynomial backtracking, or a
 * pattern the analysis cannot decide, such as one with back-references) is refused with the
 * reason, so a contributor's pattern can never freeze the analyzer, the CLI or a reader's tab.
 * Node only (build and tests); the browser runs patterns that passed here.
 */
import { checkSync } from 'recheck';

const verdicts = new Map<string, string | undefined>();

/**
 * Why `source` may take more than linear time, or undefined when it is proven linear.
 * `fuzz`: where the automaton analysis does not apply (look-arounds), accept recheck's fuzzing
 * verdict instead of refusing; for our own reviewed expressions only, never for data.
 */
export function unsafePatternReason(source: string, flags = 'i', fuzz = false): string | undefined {
  const key = `${flags}/${fuzz}/${source}`;
  if (verdicts.has(key)) return verdicts.get(key);
  // A safe pattern is decided in milliseconds; the long limit only keeps a busy machine from failing a good one.
  // Fuzzing counts steps, not milliseconds (its time limits off, a fixed seed), so a loaded machine
  // cannot turn a slow run into a "vulnerable" verdict, and every run decides the same way.
  const d = checkSync(source, flags, {
    checker: fuzz ? 'auto' : 'automaton',
    timeout: 60_000,
    attackTimeout: null,
    incubationTimeout: null,
    seedingTimeout: null,
    randomSeed: 0,
  });
  let reason: string | undefined;
  if (d.status === 'vulnerable')
    reason = `can take ${d.complexity.type === 'exponential' ? 'exponential' : `polynomial (degree ${d.complexity.degree})`} time on text like ${d.attack.pattern} (nested or overlapping repetition): rewrite it so each piece of text can match only one way`;
  else if (d.status === 'unknown')
    reason = `cannot be proven to run in linear time (${d.error.kind}${'message' in d.error ? `: ${String(d.error.message)}` : ''}): use plain text, classes and bounded repetition, without back-references or look-arounds`;
  verdicts.set(key, reason);
  return reason;
}
