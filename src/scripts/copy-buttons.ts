// Copy buttons on a code page: the code, the page's address and each provider text. The script
// makes the buttons, so a reader without JavaScript or without a clipboard never sees a dead one.
// Part of the page module (src/scripts/page.ts), which runs after parsing and never blocks.
const clip = navigator.clipboard;
const article = document.querySelector<HTMLElement>('article[data-code]');
if (clip && article) {
  const status = document.createElement('span');
  status.className = 'sr';
  status.setAttribute('role', 'status');
  article.append(status);
  const add = (put: (b: HTMLButtonElement) => void, label: string, name: string, text: () => string) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'cp';
    b.textContent = label;
    b.setAttribute('aria-label', name);
    b.onclick = () =>
      clip.writeText(text()).then(
        () => {
          status.textContent = b.textContent = 'Copied';
          setTimeout(() => (b.textContent = label), 2000);
        },
        () => (status.textContent = 'Could not copy'),
      );
    put(b);
  };
  const kind = article.querySelector('.answer .kind')!;
  const code = article.dataset.code!;
  add(
    (b) => kind.append(b),
    'Copy code',
    `Copy the code ${code}`,
    () => code,
  );
  add(
    (b) => kind.append(b),
    'Copy link',
    'Copy the link to this page',
    () => document.querySelector<HTMLLinkElement>('link[rel=canonical]')!.href,
  );
  for (const li of article.querySelectorAll('.pv li')) {
    // "Copy the text of Gmail 550 5.7.1": the provider's heading and the text's codes.
    const name = `Copy the text of ${li.parentElement!.previousElementSibling!.textContent} ${li.firstElementChild!.textContent}`;
    add(
      (b) => li.querySelector('b')!.after(b),
      'Copy',
      name,
      () => li.querySelector('code')!.textContent!,
    );
  }
}
