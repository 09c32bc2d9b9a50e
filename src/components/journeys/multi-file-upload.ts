import { ErrorSummary } from 'govuk-frontend';

/**
 * With JavaScript, the files page takes several files at once: each is posted in turn to the same
 * address the form posts to without JavaScript (asking for a small JSON answer), with its own
 * progress bar and its own outcome, read out by screen readers from a live region. When any file
 * of the batch is refused, the page also shows GOV.UK's error summary, as the server's page does
 * for one file: one line per refused file, focused, with the title's error prefix, each linking to
 * that file's own message in the list of outcomes (the file input has no message of its own). The
 * server checks and words everything; the words here come from the page's data attributes.
 * Without JavaScript, or where a file fails oddly, the plain form is still there.
 */

interface Words {
  uploading: string;
  added: string;
  failed: string;
  tooLarge: string;
  summaryTitle: string;
  /** Read out, not shown, before an inline error message, as on the server's pages. */
  errorPrefix: string;
  /** The page's title on error, `%{title}` standing for the title itself. */
  errorTitle: string;
  /** A summary line, `%{name}` and `%{message}` standing for the file's name and why it was refused. */
  fileError: string;
}

type Outcome = { ok: true } | { ok: false; message: string };

/** Posts one file, reporting upload progress in per cent. */
function send(address: string, token: string, file: File, words: Words, onProgress: (percent: number) => void): Promise<Outcome> {
  return new Promise((resolve) => {
    const data = new FormData();
    data.append('csrfToken', token);
    data.append('action', 'add');
    data.append('file', file, file.name);
    // XMLHttpRequest rather than fetch: only it reports how much of a request body has been sent.
    const request = new XMLHttpRequest();
    request.open('POST', address);
    request.setRequestHeader('Accept', 'application/json');
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    });
    request.addEventListener('load', () => {
      try {
        const body = JSON.parse(request.responseText) as { ok?: boolean; message?: string };
        resolve(body.ok ? { ok: true } : { ok: false, message: body.message ?? words.failed });
      } catch {
        // A page rather than an answer (the session ended, a proxy's error): say it did not work.
        resolve({ ok: false, message: words.failed });
      }
    });
    request.addEventListener('error', () => resolve({ ok: false, message: words.failed }));
    request.send(data);
  });
}

/**
 * One line of the progress list: the file's name, its bar and its outcome. A refusal is an inline
 * error message with the given id, which the error summary links to.
 */
function addStatusLine(list: HTMLElement, name: string, words: Words, errorId: string) {
  const item = document.createElement('li');
  item.className = 'app-upload-status';
  const label = document.createElement('span');
  label.className = 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1 govuk-!-display-block';
  label.textContent = name;
  const bar = document.createElement('progress');
  bar.max = 100;
  bar.value = 0;
  bar.className = 'app-upload-status__bar';
  bar.setAttribute('aria-label', name);
  const text = document.createElement('span');
  text.className = 'govuk-body govuk-!-display-block';
  text.textContent = words.uploading;
  item.append(label, bar, text);
  list.append(item);
  return {
    progress: (percent: number) => (bar.value = percent),
    done: (outcome: Outcome) => {
      bar.value = 100;
      if (outcome.ok) {
        text.textContent = words.added;
      } else {
        text.className = 'govuk-error-message';
        text.id = errorId;
        // Focusable only by the summary's link, so that following it moves a screen reader there too.
        text.tabIndex = -1;
        const prefix = document.createElement('span');
        prefix.className = 'govuk-visually-hidden';
        prefix.textContent = words.errorPrefix;
        text.replaceChildren(prefix, ` ${outcome.message}`);
      }
    },
  };
}

/** The template with each `%{key}` filled in; a function replaces, so a `$` in a file's name stays as typed. */
const fill = (template: string, values: Readonly<Record<string, string>>) => template.replace(/%\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

/** Puts the catalogue's error prefix on the page's title, or takes it off (the server's page may have put it there). */
function markTitle(errorTitle: string, hasError: boolean): void {
  const [before = '', after = ''] = errorTitle.split('%{title}');
  const title = document.title;
  const marked = title.length >= before.length + after.length && title.startsWith(before) && title.endsWith(after);
  const plain = marked ? title.slice(before.length, title.length - after.length) : title;
  document.title = hasError ? fill(errorTitle, { title: plain }) : plain;
}

/**
 * GOV.UK's error summary for the files this batch refused, where and as the server's page has it
 * (FilesPage.astro), or none when every file was taken. A summary or inline message the server
 * showed was about an earlier post, so it goes either way.
 */
function showRefused(
  form: HTMLFormElement,
  input: HTMLInputElement,
  words: Words,
  refused: readonly { name: string; message: string; errorId: string }[],
): void {
  document.querySelector('.govuk-error-summary')?.remove();
  form.querySelector('#file-error')?.remove();
  form.querySelector('.govuk-form-group--error')?.classList.remove('govuk-form-group--error');
  input.classList.remove('govuk-file-upload--error');
  input.setAttribute('aria-describedby', (input.getAttribute('aria-describedby') ?? '').replace(/\s*\bfile-error\b/, '').trim());
  markTitle(words.errorTitle, refused.length > 0);
  if (refused.length === 0) return;

  const summary = document.createElement('div');
  summary.className = 'govuk-error-summary';
  summary.dataset['module'] = 'govuk-error-summary';
  const alert = document.createElement('div');
  alert.setAttribute('role', 'alert');
  const title = document.createElement('h2');
  title.className = 'govuk-error-summary__title';
  title.textContent = words.summaryTitle;
  const body = document.createElement('div');
  body.className = 'govuk-error-summary__body';
  const list = document.createElement('ul');
  list.className = 'govuk-list govuk-error-summary__list';
  for (const file of refused) {
    const link = document.createElement('a');
    link.href = `#${file.errorId}`;
    link.textContent = fill(words.fileError, file);
    const item = document.createElement('li');
    item.append(link);
    list.append(item);
  }
  body.append(list);
  alert.append(title, body);
  summary.append(alert);
  document.querySelector('main h1')?.before(summary);
  // govuk-frontend's own behaviour for it, as for the server's summary: it takes focus, so a screen
  // reader reads it first.
  new ErrorSummary(summary);
  // govuk-frontend moves focus itself only to a field with a label or legend (error-summary.mjs,
  // focusTarget), and leaves any other link to the browser, which would scroll the message to the
  // top of the window with its file's name out of sight above it. So, as it does for a field: the
  // whole line into view, then focus on the message, and no new entry in the history.
  summary.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    const message = link?.hash ? document.getElementById(link.hash.slice(1)) : null;
    if (event.defaultPrevented || !message?.closest('.app-upload-status')) return;
    event.preventDefault();
    message.closest('.app-upload-status')?.scrollIntoView();
    message.focus({ preventScroll: true });
  });
}

/** Replaces the list of files added (and the form, once no more may be added) with the server's. */
async function refresh(form: HTMLFormElement, address: string): Promise<void> {
  const response = await fetch(address, { headers: { Accept: 'text/html' } });
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
  const region = document.querySelector('[data-files-region]');
  const freshRegion = fresh.querySelector('[data-files-region]');
  if (region && freshRegion) region.replaceChildren(...[...freshRegion.childNodes].map((node) => document.importNode(node, true)));
  const freshForm = fresh.querySelector('form[data-upload-form]');
  const freshLabel = freshForm?.querySelector('label');
  const label = form.querySelector('label');
  if (freshLabel && label) label.textContent = freshLabel.textContent;
  const freshButton = freshForm?.querySelector('button');
  const button = form.querySelector('button');
  if (freshButton && button) button.textContent = freshButton.textContent;
  if (!freshForm) {
    const full = fresh.querySelector('[data-upload-full]');
    if (full) form.replaceWith(document.importNode(full, true));
  }
}

/** Turns the plain upload form on this page, if any, into one that takes several files. */
export function enhanceUploadForm(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-upload-form]');
  const input = form?.querySelector<HTMLInputElement>('input[type="file"]');
  const token = form?.querySelector<HTMLInputElement>('input[name="csrfToken"]')?.value;
  // The attribute, not form.action: the form's button is named "action", which shadows the property.
  const address = form?.getAttribute('action');
  if (!form || !input || !token || !address) return;
  const words: Words = {
    uploading: form.dataset['uploading'] ?? '',
    added: form.dataset['added'] ?? '',
    failed: form.dataset['failed'] ?? '',
    tooLarge: form.dataset['tooLarge'] ?? '',
    summaryTitle: form.dataset['errorSummaryTitle'] ?? '',
    errorPrefix: form.dataset['errorPrefix'] ?? '',
    errorTitle: form.dataset['errorTitle'] ?? '%{title}',
    fileError: form.dataset['fileError'] ?? '%{message}',
  };
  const maxFileBytes = Number(form.dataset['maxFileBytes']);
  input.multiple = true;
  const status = document.createElement('ul');
  status.className = 'govuk-list';
  status.setAttribute('aria-live', 'polite');
  form.after(status);

  let busy = false;
  form.addEventListener('submit', (event) => {
    const files = [...(input.files ?? [])];
    // No file chosen: the server's "Select a file", exactly as without JavaScript.
    if (files.length === 0) return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    status.replaceChildren();
    void (async () => {
      const refused: { name: string; message: string; errorId: string }[] = [];
      for (const [index, file] of files.entries()) {
        // Unique on the page: the list holds this batch's lines alone.
        const errorId = `upload-status-${index + 1}-error`;
        const line = addStatusLine(status, file.name, words, errorId);
        // Not sent at all when it is plainly too big: the server would refuse it after the wait.
        const outcome = file.size > maxFileBytes ? { ok: false as const, message: words.tooLarge } : await send(address, token, file, words, line.progress);
        line.done(outcome);
        if (!outcome.ok) refused.push({ name: file.name, message: outcome.message, errorId });
      }
      input.value = '';
      await refresh(form, address).catch(() => undefined);
      showRefused(form, input, words, refused);
      busy = false;
    })();
  });
}
