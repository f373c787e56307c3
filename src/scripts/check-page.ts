// The /check/ page: validate the form, ask the chosen DNS-over-HTTPS resolver through the checker
// module, and render each check as it finishes. Every string reaches the page as text (el()).
import { parseDomain, parseIp, validSelector } from '../lib/checker/dns';
import { DOH_SERVICES, dohResolver, type DohService } from '../lib/checker/doh';
import { CHECK_ORDER, STATUS_LABEL, type CheckId, type Status } from '../lib/checker/info';
import type { CheckResult, Report } from '../lib/checker/checks';
import { codeUrl } from '../lib/urls';
import { el } from './dom';

const base = import.meta.env.BASE_URL;

const form = document.getElementById('check-form') as HTMLFormElement;
const fields = {
  domain: document.getElementById('domain') as HTMLInputElement,
  ip: document.getElementById('ip') as HTMLInputElement,
  selector: document.getElementById('selector') as HTMLInputElement,
};
const submit = document.getElementById('check-submit') as HTMLButtonElement;
const statusLine = document.getElementById('check-status')!;
const meta = document.getElementById('check-meta')!;
const list = document.getElementById('checks')!;

// Pre-fill from links such as /check/?domain=example.com; never run before the reader asks.
const params = new URLSearchParams(location.search);
for (const k of ['domain', 'ip', 'selector'] as const) {
  const v = params.get(k);
  if (v) fields[k].value = v.slice(0, 300);
}
const chosen = params.get('resolver');
if (chosen && chosen in DOH_SERVICES) {
  (form.querySelector(`input[name=resolver][value=${chosen}]`) as HTMLInputElement | null)?.click();
}

function setError(name: keyof typeof fields, message: string) {
  const input = fields[name];
  document.getElementById(`${name}-error`)!.textContent = message;
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

function readForm() {
  const d = parseDomain(fields.domain.value);
  setError('domain', d.ok ? '' : d.error);
  const ipText = fields.ip.value.trim();
  const ip = ipText ? parseIp(ipText) : undefined;
  setError('ip', ip && !ip.ok ? ip.error : '');
  const selectors = fields.selector.value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const badSelector = selectors.find((s) => !validSelector(s));
  setError('selector', badSelector ? `"${badSelector}" is not a DKIM selector (letters, digits, - and _).` : '');
  if (!d.ok || (ip && !ip.ok) || badSelector) {
    const first = !d.ok ? fields.domain : ip && !ip.ok ? fields.ip : fields.selector;
    first.focus();
    return undefined;
  }
  return { domain: d.domain, unicode: d.unicode, ip: ip?.ok ? ip.ip : undefined, selectors: selectors.slice(0, 10) };
}

function statusBadge(status: Status) {
  return el('span', STATUS_LABEL[status], { class: `status status-${status}` });
}

function renderCheck(c: CheckResult): HTMLLIElement {
  const li = el('li', undefined, { 'data-check': c.id, 'data-status': c.status });
  const h = el('h3');
  h.append(statusBadge(c.status), c.title);
  li.append(h, el('p', c.summary, { class: 'summary' }));
  const rest = c.findings.filter((f) => f.text !== c.summary);
  if (rest.length) {
    const ul = el('ul', undefined, { class: 'check-findings' });
    for (const f of rest) {
      const item = el('li', undefined, { 'data-status': f.status });
      item.append(statusBadge(f.status), f.text);
      ul.append(item);
    }
    li.append(ul);
  }
  if (c.evidence.length) {
    const details = el('details');
    details.append(el('summary', 'DNS records as published'));
    for (const e of c.evidence) {
      details.append(el('p', `${e.type} ${e.name}`, { class: 'code' }));
      if (e.records.length) for (const r of e.records) details.append(el('pre', r));
      else details.append(el('p', e.note ?? '', { class: 'muted' }));
    }
    li.append(details);
  }
  if (c.why) li.append(el('p', `Why it matters: ${c.why}`));
  if (c.codes.length && c.status !== 'pass' && c.status !== 'info') {
    const p = el('p', 'Bounces it causes: ');
    c.codes.forEach((code, i) => {
      if (i) p.append(', ');
      p.append(el('a', code, { href: codeUrl(code, base), class: 'code' }));
    });
    li.append(p);
  }
  if (c.fix.length && (c.status === 'fail' || c.status === 'warn')) {
    li.append(el('h4', 'How to fix it'));
    const ul = el('ul');
    for (const f of c.fix) ul.append(el('li', f));
    li.append(ul);
  }
  return li;
}

function placeholder(id: CheckId): HTMLLIElement {
  const li = el('li', undefined, { 'data-check': id, 'data-status': 'pending' });
  li.append(el('p', 'Checking…', { class: 'muted' }));
  return li;
}

let running = false;

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (running) return;
  const input = readForm();
  if (!input) {
    statusLine.textContent = 'Correct the highlighted field to run the checks.';
    return;
  }
  const serviceId = (new FormData(form).get('resolver') as DohService['id'] | null) ?? 'cloudflare';
  const service = DOH_SERVICES[serviceId] ?? DOH_SERVICES.cloudflare;
  running = true;
  submit.disabled = true;
  const shown = input.unicode ? `${input.domain} (${input.unicode})` : input.domain;
  statusLine.textContent = `Checking ${shown}${input.ip ? ` and ${input.ip}` : ''}: queries go to ${service.label}…`;
  meta.hidden = true;
  list.removeAttribute('data-done');
  list.replaceChildren(...CHECK_ORDER.filter((id) => id !== 'ptr' || input.ip).map(placeholder));
  try {
    const { runChecks } = await import('../lib/checker/checks');
    const resolver = dohResolver(service, { fetch: (...a) => fetch(...a), online: () => navigator.onLine });
    const report: Report = await runChecks(input, resolver, {
      onResult: (c) => {
        const li = renderCheck(c);
        const slot = list.querySelector(`[data-check="${c.id}"]`);
        if (slot) slot.replaceWith(li);
        else list.append(li);
      },
    });
    const count = (s: string) => report.checks.filter((c) => c.status === s).length;
    statusLine.textContent = `Done: ${count('fail')} failed, ${count('warn')} warnings, ${count('pass')} passed, ${count('error')} could not be checked.`;
    meta.textContent = `Checked ${new Date(report.checkedAt).toLocaleString()} (${report.checkedAt}) through ${report.resolver}, ${report.queries} DNS queries.`;
    meta.hidden = false;
    list.setAttribute('data-done', 'true');
  } catch (err) {
    statusLine.textContent = `The checker could not run: ${String((err as Error)?.message ?? err)}. Reload the page and try again.`;
  } finally {
    running = false;
    submit.disabled = false;
  }
});
