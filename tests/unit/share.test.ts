import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare } from '../../src/lib/share';

describe('share links', () => {
  it('round-trips text through the fragment, line breaks and all', () => {
    const text = "550-5.1.1 The email account\n550 5.1.1 does not exist <a@b.example> 100% 'quoted' #hash";
    expect(decodeShare(encodeShare(text)!)).toBe(text);
  });
  it('refuses text too long for a link', () => {
    expect(encodeShare('x'.repeat(8001))).toBeUndefined();
  });
  it('treats a broken or empty fragment as empty, not as an error', () => {
    expect(decodeShare('#%E0%A4%A')).toBe('');
    expect(decodeShare('')).toBe('');
    expect(decodeShare('#')).toBe('');
  });
});
