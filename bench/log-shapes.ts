// The generated mail logs the benchmarks feed the analyzer (bench/analyzer.ts, bench/site.mjs): lines
// shaped like real Postfix, Exim and Sendmail logs, each with its own queue ID, address and time.
export const t = (i: number) =>
  `Nov 27 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
// What a real Postfix/Exim/Sendmail log holds: mostly deliveries, some bounces and deferrals.
export const realistic = [
  (i: number) =>
    `${t(i)} mx postfix/smtp[${i}]: Q${i}: to=<user${i}@example.net>, relay=mx.example.net[192.0.2.4]:25, delay=0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${i})`,
  (i: number) =>
    `${t(i)} mx postfix/qmgr[77]: Q${i}: from=<news@example.org>, size=${4000 + i}, nrcpt=1 (queue active)`,
  (i: number) => `${t(i)} mx postfix/smtpd[${i}]: connect from unknown[198.51.100.${i % 250}]`,
  (i: number) =>
    `${t(i)} mx postfix/smtp[${i}]: Q${i}: to=<user${i}@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 <user${i}@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command))`,
  (i: number) =>
    `${t(i)} mx postfix/smtp[${i}]: Q${i}: to=<user${i}@example.org>, relay=none, delay=30, dsn=4.4.1, status=deferred (connect to mx.example.org[192.0.2.2]:25: Connection timed out)`,
  (i: number) =>
    `${t(i)} mx postfix/smtp[${i}]: Q${i}: to=<user${i}@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.3]:25, dsn=4.7.28, status=deferred (host gmail-smtp-in.l.google.com[192.0.2.3] said: 421-4.7.28 Gmail has detected an unusual rate of mail originating from your IP address. To protect our users from spam, mail has been temporarily rate limited. (in reply to end of DATA command))`,
  (i: number) =>
    `2026-11-27 10:00:04 1a${i}-000 ** user${i}@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.5]: SMTP error from remote mail server after RCPT TO:<user${i}@example.com>: 554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org`,
  (i: number) =>
    `2026-11-27 10:00:04 1a${i}-000 => user${i}@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.4] C="250 OK"`,
  (i: number) =>
    `${t(i)} mx sm-mta[${i}]: Q${i}: to=<user${i}@example.com>, delay=00:00:01, mailer=esmtp, dsn=5.1.1, stat=User unknown`,
  (i: number) =>
    `${t(i)} mx postfix/smtp[${i}]: Q${i}: to=<user${i}@example.net>, relay=mx.example.net[192.0.2.4]:25, delay=0.3, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${i + 1})`,
];
// Every line a failure, each with a different address and host.
export const failures = [realistic[3], realistic[4], realistic[5], realistic[6], realistic[8]];

/** `bytes` of a log cycling through `shapes`, one flat string (as a paste arrives). */
export const logOf = (shapes: ((i: number) => string)[], bytes: number): string => {
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += `${shapes[i % shapes.length](i)}\n`;
  return out.slice(0, bytes);
};
