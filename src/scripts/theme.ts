// The colour theme: inlined into every page's <head> (minified by src/lib/inline-script.ts), so it
// runs before the first paint and a dark reload never shows a light frame. It puts the reader's
// stored choice ("dark" or "light") or "auto" (follow the system) on <html> as data-theme, which
// global.css reads. The header's toggle (#theme, shown only when this ran) flips the theme; a
// choice equal to the system's own is forgotten, so the page follows the system again: light, dark
// and system in one button. Blocked storage (some privacy modes) only makes the choice last a page.
(() => {
  const root = document.documentElement;
  const media = matchMedia('(prefers-color-scheme: dark)');
  const system = () => (media.matches ? 'dark' : 'light');
  const current = () => (/^(dark|light)$/.test(root.dataset.theme ?? '') ? root.dataset.theme : system());
  const showState = () => document.getElementById('theme')?.setAttribute('aria-pressed', String(current() == 'dark'));
  let stored: string | null = null;
  try {
    stored = localStorage.getItem('theme');
  } catch {
    // storage blocked: follow the system
  }
  root.dataset.theme = stored == 'dark' || stored == 'light' ? stored : 'auto';
  media.addEventListener('change', showState);
  addEventListener('DOMContentLoaded', showState);
  addEventListener('click', (e) => {
    if (!(e.target instanceof Element && e.target.closest('#theme'))) return;
    const next = current() == 'dark' ? 'light' : 'dark';
    const auto = next == system();
    root.dataset.theme = auto ? 'auto' : next;
    try {
      if (auto) localStorage.removeItem('theme');
      else localStorage.setItem('theme', next);
    } catch {
      // storage blocked: the choice lasts for this page
    }
    showState();
  });
})();
