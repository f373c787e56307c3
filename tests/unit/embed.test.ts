import { expect, it } from 'vitest';
import { inertJson } from '../../src/lib/embed';

it('embeds JSON that no value can break out of', () => {
  const json = inertJson({ text: '</script><script>alert(1)</script>' });
  expect(json).not.toContain('<');
  expect(JSON.parse(json)).toEqual({ text: '</script><script>alert(1)</script>' });
});
