// The message stage joins a MIME part's lines itself instead of through postal-mime's Blob
// (src/lib/analyzer/message.ts): the bytes must be the ones postal-mime's own decoder makes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JoinedLines, mimeParser, readMessage } from '../../src/lib/analyzer/message';

/** What postal-mime's pass-through decoder does: each line, then '\n', through a Blob. */
async function viaBlob(lines: Uint8Array[]): Promise<Uint8Array> {
  const chunks = lines.flatMap((l) => [l, '\n']);
  return new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

async function joined(lines: Uint8Array[]): Promise<Uint8Array> {
  const j = new JoinedLines();
  for (const l of lines) j.update(l);
  return new Uint8Array(await j.finalize());
}

describe('JoinedLines', () => {
  it('gives the bytes a Blob of the lines gives (none, empty lines, any bytes)', async () => {
    expect(await joined([])).toEqual(await viaBlob([]));
    expect(await joined([new Uint8Array(0), new Uint8Array(0)])).toEqual(new Uint8Array([10, 10]));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 40 }), async (lines) => {
        expect(await joined(lines)).toEqual(await viaBlob(lines));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps views into a larger buffer apart (only the bytes each view shows)', async () => {
    const big = new TextEncoder().encode('xxHello worldyy');
    const lines = [big.subarray(2, 7), big.subarray(8, 13)];
    expect(new TextDecoder().decode(await joined(lines))).toBe('Hello\nworld\n');
  });
});

describe('postal-mime with joined lines', () => {
  it('is in place: parts without a transfer encoding get JoinedLines, base64 and quoted-printable keep their decoders', async () => {
    // If a postal-mime upgrade changes its internals, the stock decoders run (slower, same result)
    // and this test says so.
    const PostalMime = await mimeParser();
    const node = (
      new PostalMime() as unknown as { root: { contentDecoder: unknown; setupContentDecoder(e: string): void } }
    ).root;
    for (const encoding of ['', '7bit', '8bit', 'binary']) {
      node.setupContentDecoder(encoding);
      expect(node.contentDecoder, encoding).toBeInstanceOf(JoinedLines);
    }
    for (const encoding of ['base64', 'quoted-printable']) {
      node.setupContentDecoder(encoding);
      expect(node.contentDecoder, encoding).not.toBeInstanceOf(JoinedLines);
    }
  });

  it('reads a multipart bounce the same from bytes, a view into a larger buffer, and text', async () => {
    const email = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>',
      'To: sender@example.org',
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '<someone@example.com>: host mx.example.com said: 550 5.1.1 Benutzer unbekannt (in reply to RCPT TO command)',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Final-Recipient: rfc822; someone@example.com',
      'Action: failed',
      'Status: 5.1.1',
      '--B',
      'Content-Type: message/rfc822',
      '',
      'Message-ID: <m1@example.org>',
      'From: Sender <sender@example.org>',
      'To: someone@example.com',
      '',
      'Hello',
      '--B--',
      '',
    ].join('\r\n');
    const bytes = new TextEncoder().encode(email);
    const inBigger = new Uint8Array(bytes.length + 10);
    inBigger.set(bytes, 5);
    const fromBytes = await readMessage(bytes);
    expect(fromBytes.text).toContain('550 5.1.1 Benutzer unbekannt');
    expect(fromBytes.text).toContain('Final-Recipient: rfc822; someone@example.com\nAction: failed\nStatus: 5.1.1');
    expect(fromBytes.original).toEqual({
      messageId: '<m1@example.org>',
      from: 'Sender <sender@example.org>',
      to: ['someone@example.com'],
    });
    expect(await readMessage(inBigger.subarray(5, 5 + bytes.length))).toEqual(fromBytes);
    expect(await readMessage(email)).toEqual(fromBytes);
    // The caller's bytes are left as they were.
    expect(new TextDecoder().decode(bytes)).toBe(email);
  });
});
