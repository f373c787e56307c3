import { describe, expect, it } from 'vitest';
import { classify, codeKind, compareCodes, defaultBounceType, parseCodeQuery } from '../../src/lib/codes';
import { withCpuMs } from '../support/cpu';

describe('codeKind', () => {
  it.each([
    ['550', 'reply'],
    ['220', 'reply'],
    ['5.1.1', 'enhanced'],
    ['4.7.0', 'enhanced'],
    ['5.7.26', 'enhanced'],
    ['2.0.0', 'enhanced'],
    ['5.4.300', 'enhanced'],
  ])('%s is a %s code', (code, kind) => expect(codeKind(code)).toBe(kind));

  it.each(['55', '5.1', '5.10', '650', '150', '3.1.1', '5.01.1', '5.1.1000', '5.1.1.1', ' 550', '', 'abc'])(
    'rejects %j',
    (code) => {
      expect(codeKind(code)).toBeUndefined();
    },
  );
});

describe('classify', () => {
  it('derives class from the first digit', () => {
    expect(classify('421')?.class.name).toBe('transient');
    expect(classify('550')?.class.name).toBe('permanent');
    expect(classify('250')?.class.name).toBe('success');
    expect(classify('354')?.class.name).toBe('intermediate');
  });
  it('derives the subject of an enhanced code', () => {
    expect(classify('5.1.1')?.subject?.name).toBe('Address');
    expect(classify('4.2.2')?.subject?.name).toBe('Mailbox');
    expect(classify('5.3.4')?.subject?.name).toBe('Mail system');
    expect(classify('4.4.7')?.subject?.name).toBe('Network and routing');
    expect(classify('5.5.3')?.subject?.name).toBe('Protocol');
    expect(classify('5.6.1')?.subject?.name).toBe('Content and media');
    expect(classify('5.7.26')?.subject?.name).toBe('Security and policy');
    expect(classify('5.7.26')?.detail).toBe('26');
  });
  it('knows a subject outside RFC 3463 is unregistered', () => {
    const info = classify('4.9.9');
    expect(info?.class.name).toBe('transient');
    expect(info?.subject).toBeUndefined();
    expect(info?.subjectDigit).toBe('9');
  });
  it('has no subject for reply codes and nothing for non-codes', () => {
    expect(classify('550')?.subject).toBeUndefined();
    expect(classify('5.1')).toBeUndefined();
  });
  it('gives the bounce type a class implies', () => {
    expect(defaultBounceType('550')).toBe('hard');
    expect(defaultBounceType('4.2.2')).toBe('soft');
    expect(defaultBounceType('250')).toBe('info');
    expect(defaultBounceType('nope')).toBeUndefined();
  });
});

describe('parseCodeQuery', () => {
  it.each([
    ['550', { reply: '550', enhanced: undefined }],
    ['5.1.1', { reply: undefined, enhanced: '5.1.1' }],
    ['5.7.26', { reply: undefined, enhanced: '5.7.26' }],
    ['550 5.1.1', { reply: '550', enhanced: '5.1.1' }],
    ['550-5.1.1', { reply: '550', enhanced: '5.1.1' }],
    ['smtp; 550 5.1.1 <a@b.example>: Recipient address rejected: User unknown', { reply: '550', enhanced: '5.1.1' }],
    ["Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound'", { reply: '550', enhanced: '5.1.10' }],
    ['#5.7.1', { reply: undefined, enhanced: '5.7.1' }],
    ['mailbox full', { reply: undefined, enhanced: undefined }],
  ])('%j', (q, expected) => expect(parseCodeQuery(q)).toEqual(expected));

  it('does not read codes out of longer numbers, IP addresses or versions', () => {
    expect(parseCodeQuery('1550 15.1.1')).toEqual({ reply: undefined, enhanced: undefined });
    expect(parseCodeQuery('client 192.168.5.1 port 2525')).toEqual({ reply: undefined, enhanced: undefined });
    expect(parseCodeQuery('5.1.1.2')).toEqual({ reply: undefined, enhanced: undefined });
  });
  it('does not take 5.11 or 51.1 for 5.1.1', () => {
    expect(parseCodeQuery('5.11').enhanced).toBeUndefined();
    expect(parseCodeQuery('51.1').enhanced).toBeUndefined();
  });
  it('finds a code after a long prefix without slowing down', () => {
    const [parsed, ms] = withCpuMs(() => parseCodeQuery(`${'x'.repeat(9000)} 421 4.7.0`));
    expect(parsed).toEqual({ reply: '421', enhanced: '4.7.0' });
    expect(ms).toBeLessThan(500);
  });
});

describe('compareCodes', () => {
  it('puts reply codes first, then enhanced codes numerically', () => {
    expect(['5.7.26', '550', '5.7.3', '4.2.2', '221', '5.10.1'].sort(compareCodes)).toEqual([
      '221',
      '550',
      '4.2.2',
      '5.7.3',
      '5.7.26',
      '5.10.1',
    ]);
  });
});
