// The colour theme: inlined into every page's <head> (minified by src/lib/inline-script.ts), so it
// runs before the first paint and a dark reload never shows a light frame. It puts the reader's
// stored choice ("dark" or "light") or "auto" (follow the system) on <html> as data-theme, which
// global.css reads; the toggle itself is src/scripts/theme-toggle.ts, loaded with the page's module.
// Blocked storage (some privacy modes) only makes the choice last a page.
(() => {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem('theme');
  } catch {
    // storage blocked: follow the system
  }
  document.documentElement.dataset.theme = stored == 'dark' || stored == 'light' ? stored : 'auto';
})();
