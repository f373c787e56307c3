// The header's theme toggle (#theme, shown only once src/scripts/theme.ts has set data-theme) flips
// the theme; a choice equal to the system's own is forgotten, so the page follows the system again:
// light, dark and system in one button.
const root = document.documentElement;
const media = matchMedia('(prefers-color-scheme: dark)');
const system = () => (media.matches ? 'dark' : 'light');
const current = () => (/^(dark|light)$/.test(root.dataset.theme ?? '') ? root.dataset.theme : system());
const showState = () => document.getElementById('theme')?.setAttribute('aria-pressed', String(current() == 'dark'));

media.addEventListener('change', showState);
showState();
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
