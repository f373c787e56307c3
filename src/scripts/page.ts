// The one module every page loads (a file of its own, cached across pages, so a page's weight stays
// its HTML and CSS; type="module" runs after parsing and never blocks rendering): the theme toggle,
// the "/" shortcut to the search box, and on code pages the copy buttons.
import './theme-toggle';
import './copy-buttons';

// "/" focuses the search box, unless the reader is typing somewhere already.
document.addEventListener('keydown', (e) => {
  const t = e.target;
  const q = document.getElementById('q');
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || !(q instanceof HTMLInputElement)) return;
  if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  e.preventDefault();
  q.focus();
  q.select();
});
