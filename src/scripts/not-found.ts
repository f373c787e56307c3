// Browser side of the 404 page: if the missing path names a code, explain its digits
// anyway and point to the nearest documented codes. All text is set with textContent.
import { classify, parseCodeQuery, REPLY_SECOND_DIGIT, type CodeInfo } from '../lib/codes';
import { nearestCodes } from '../lib/nearest';
import { codeFromPath, codeUrl, withBase } from '../lib/urls';
import { categoryPath } from '../lib/categories';
import { el } from './dom';
import { loadSearchIndex } from './search-index';

const base = import.meta.env.BASE_URL;
const box = document.getElementById('code-help')!;

const asked = codeFromPath(location.pathname, base);
const { enhanced, reply } = parseCodeQuery(asked ?? '');
const code = asked && (asked === enhanced || asked === reply) ? asked : undefined;
const info = code ? classify(code) : undefined;

if (asked !== undefined) {
  box.hidden = false;
  const h = box.querySelector('h2')!;
  if (!info) {
    h.textContent = `“${asked}” is not an SMTP code`;
    box.append(
      el(
        'p',
        'Reply codes have three digits from 200 to 599 (for example 550); enhanced status codes look like 5.1.1 (class 2, 4 or 5, then a subject and a detail number).',
      ),
    );
  } else {
    h.textContent = `${info.code} is not documented here yet, but its digits still tell you something`;
    const dl = el('dl');
    const add = (term: string, desc: string) => dl.append(el('dt', term), el('dd', desc));
    add(`Class ${info.class.digit}`, `${info.class.label}: ${info.class.gist}.`);
    if (info.kind === 'reply') {
      const second = info.code[1];
      add(
        `Second digit ${second}`,
        REPLY_SECOND_DIGIT[second]
          ? `${REPLY_SECOND_DIGIT[second]} (RFC 5321 section 4.2.1).`
          : 'RFC 5321 defines second digits 0 to 5 only, so this is a non-standard code: read the text that came with it.',
      );
    } else if (info.subject) {
      add(`Subject ${info.subjectDigit}`, `${info.subject.title}: ${info.subject.gist}`);
      add(
        `Detail ${info.detail}`,
        'Not a detail we document for this subject; it may be a provider-specific code. The text after the code usually says what happened.',
      );
    } else {
      add(
        `Subject ${info.subjectDigit}`,
        'RFC 3463 defines subjects 0 to 7 only: this is not a registered code, probably a provider-specific one.',
      );
    }
    box.append(dl);
    // The documented codes come from the shared, cacheable list, fetched only for a code-shaped path.
    const near = el('div');
    box.append(near);
    void loadSearchIndex(base).then(
      ({ codes }) => near.append(...documentedNearby(info, codes)),
      () => near.append(el('p', 'The list of documented codes could not be loaded; the search box still works.')),
    );
    const cat = info.kind === 'enhanced' && info.subject ? `x.${info.subjectDigit}` : `${info.class.digit}xx`;
    const p = el('p', 'See the whole table: ');
    p.append(
      el('a', cat === `${info.class.digit}xx` ? `${info.class.digit}xx codes` : `X.${info.subjectDigit}.X codes`, {
        href: withBase(categoryPath(cat), base),
      }),
    );
    box.append(p);
  }
}

/** Same registry entry in another class, and the nearest documented codes. */
function documentedNearby(info: CodeInfo, documented: [string, string][]): HTMLElement[] {
  const out: HTMLElement[] = [];
  const titles = new Map(documented);
  // Same subject and detail in another class (4.1.1 → 5.1.1): the registry entry we do document.
  const twins = info.kind === 'enhanced' ? documented.filter(([c]) => c.slice(1) === info.code.slice(1)) : [];
  if (twins.length) {
    const p = el(
      'p',
      `The registry entry X${info.code.slice(1)} is documented in ${twins.length === 1 ? 'another class' : 'other classes'}: `,
    );
    twins.forEach(([c, title], i) =>
      p.append(i ? ', ' : '', el('a', c, { href: codeUrl(c, base), class: 'code' }), ` (${title})`),
    );
    p.append(`. Servers rarely send it as class ${info.class.digit}; read that page for the meaning.`);
    out.push(p);
  }
  const near = nearestCodes(
    info.code,
    documented.map(([c]) => c),
  );
  if (near.length) {
    out.push(el('h3', 'Nearest documented codes'));
    const ul = el('ul');
    for (const c of near) {
      const li = el('li');
      li.append(el('a', c, { href: codeUrl(c, base), class: 'code' }), ` ${titles.get(c) ?? ''}`);
      ul.append(li);
    }
    out.push(ul);
  }
  return out;
}
