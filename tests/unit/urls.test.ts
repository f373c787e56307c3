import { describe, expect, it } from 'vitest';
import { codeFromPath, codeUrl, rfcUrl, stripBase, withBase } from '../../src/lib/urls';

describe('URLs at the root and under a sub-path', () => {
  it('builds code URLs', () => {
    expect(codeUrl('550', '/')).toBe('/codes/550/');
    expect(codeUrl('5.1.1', '/')).toBe('/codes/5.1.1/');
    expect(codeUrl('5.1.1', '/bounce-codes/')).toBe('/bounce-codes/codes/5.1.1/');
    expect(codeUrl('5.1.1', '/bounce-codes')).toBe('/bounce-codes/codes/5.1.1/');
  });
  it('prefixes any path once', () => {
    expect(withBase('', '/')).toBe('/');
    expect(withBase('/search/', '/docs/')).toBe('/docs/search/');
    expect(withBase('#reply-codes', '/docs/')).toBe('/docs/#reply-codes');
  });
  it('strips the base', () => {
    expect(stripBase('/docs/codes/550/', '/docs/')).toBe('/codes/550/');
    expect(stripBase('/docs', '/docs/')).toBe('/');
    expect(stripBase('/other/codes/550/', '/docs/')).toBeUndefined();
  });
  it('reads the code a path asks for', () => {
    expect(codeFromPath('/codes/599/', '/')).toBe('599');
    expect(codeFromPath('/codes/4.9.9', '/')).toBe('4.9.9');
    expect(codeFromPath('/bounce-codes/codes/4.9.9/', '/bounce-codes/')).toBe('4.9.9');
    expect(codeFromPath('/codes/%E2%9C%93/', '/')).toBe('✓');
    expect(codeFromPath('/codes/%E0%A4%A/', '/')).toBeUndefined();
    expect(codeFromPath('/guides/x/', '/')).toBeUndefined();
  });
  it('links RFC sections', () => {
    expect(rfcUrl(5321, '4.2.3')).toBe('https://www.rfc-editor.org/rfc/rfc5321#section-4.2.3');
    expect(rfcUrl(3463)).toBe('https://www.rfc-editor.org/rfc/rfc3463');
  });
});
