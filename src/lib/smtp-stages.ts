/**
 * Where in the SMTP conversation a code is seen, for the code page's stage diagram. Two honest
 * sources, never a guess: the record's own `stage` list (written per code from the RFCs and the
 * texts providers send), and, for reply codes, the command-by-command reply lists of RFC 5321
 * section 4.3.2. A code with neither gets no diagram.
 */
import type { Stage } from './dataset.ts';

/** The diagram's steps in conversation order, each with its short label. */
export const STAGE_STEPS: readonly { stage: Stage; label: string }[] = [
  { stage: 'connection', label: 'Connect' },
  { stage: 'helo', label: 'EHLO' },
  { stage: 'auth', label: 'AUTH' },
  { stage: 'mail-from', label: 'MAIL FROM' },
  { stage: 'rcpt-to', label: 'RCPT TO' },
  { stage: 'data', label: 'DATA' },
  { stage: 'command', label: 'Other cmds' },
  { stage: 'dsn', label: 'Later: DSN' },
];

/**
 * RFC 5321 section 4.3.2 ("Command-Reply Sequences"): the replies each command may return.
 * CONNECTION ESTABLISHMENT → connection; EHLO/HELO → helo; MAIL → mail-from; RCPT → rcpt-to;
 * DATA, including the reply after the message's final dot → data; RSET, VRFY, EXPN, HELP, NOOP and
 * QUIT → command.
 */
export const RFC5321_REPLIES: Readonly<Partial<Record<Stage, readonly string[]>>> = {
  connection: ['220', '554'],
  helo: ['250', '504', '550', '502'],
  'mail-from': ['250', '552', '451', '452', '550', '553', '503', '455', '555'],
  'rcpt-to': ['250', '251', '550', '551', '552', '553', '450', '451', '452', '503', '455', '555'],
  data: ['354', '250', '552', '554', '451', '452', '450', '550', '503'],
  command: ['250', '251', '252', '550', '551', '553', '502', '504', '500', '211', '214', '221'],
};

/** Section 4.3.2 also lets any command return 500, 501 and 421. */
const ANY_COMMAND = new Set(['500', '501', '421']);
const COMMAND_STAGES: Stage[] = ['helo', 'mail-from', 'rcpt-to', 'data', 'command'];

/** The stages RFC 5321 section 4.3.2 allows for a reply code (empty for enhanced or unlisted codes). */
export function rfc5321Stages(code: string): Stage[] {
  if (!/^\d{3}$/.test(code)) return [];
  if (ANY_COMMAND.has(code)) return COMMAND_STAGES;
  return STAGE_STEPS.map((s) => s.stage).filter((s) => RFC5321_REPLIES[s]?.includes(code));
}

/**
 * Every stage a code is seen at, in conversation order: the record's stages plus, for a reply
 * code, those RFC 5321 allows. Empty when neither source knows (then nothing is drawn).
 */
export function codeStages(code: string, recorded: readonly Stage[] = []): Stage[] {
  const found = new Set<Stage>([...recorded, ...rfc5321Stages(code)]);
  return STAGE_STEPS.map((s) => s.stage).filter((s) => found.has(s));
}
