import type { AstroCookies } from 'astro';
import { normaliseSecret, parseReturnCode } from '../../domain/return-code.ts';
import type { Journey, JourneyContext } from '../../forms/engine/journey.ts';
import { journeyValues } from '../../forms/engine/resolve.ts';
import { CHECK, firstIncompleteStep } from '../../forms/engine/walk.ts';
import type { CheckboxesField, PageSpec, TextField } from '../../forms/field-spec.ts';
import { parsePage, type FormErrors, type RawValues } from '../../forms/page-schema.ts';
import type { CopyValues, Words } from '../../domain/copy.ts';
import { readPostedForm, readSessionlessForm } from '../http.ts';
import { SESSION_COOKIE, sessionCookieOptions, toSessionCookieValue } from '../session.ts';
import type { SessionRecord } from '../store/index.ts';
import { at, redirect, toRefusedPost, unusableSession, type Redirect, type Rewrite } from './handlers.ts';
import { MIN_SECRET_LENGTH, openDraft, saveDraft, type SessionSaveState } from './saved-drafts.ts';
import { safeEmailAddress, sendSavedFormEmail } from './saved-form-email.ts';
import { toJourneyContext, type JourneyLocals } from './session.ts';

/**
 * The pages of "Save and come back later": choosing a word (`/<journey>/save`), the return code
 * (`/<journey>/saved`), and bringing the answers back (`/resume`). Codes and words only ever
 * travel in POST bodies, never in an address, and are never logged.
 */

const SECRET_MAX = 100;

/** A form of this feature's own, rendered by the same page component as every question. */
export interface SaveFormPage {
  kind: 'form';
  status: number;
  page: PageSpec;
  values: RawValues;
  errors: FormErrors | null;
  csrfToken: string;
  backHref: string;
}

const errorOn = (field: string, text: string): FormErrors => ({ summary: [{ text, href: `#${field}` }], byField: { [field]: text } });

function secretField(words: Words, values: CopyValues, errorName: string): TextField {
  return {
    kind: 'text',
    name: 'secret',
    label: words.t('saved.save.secret.label', values),
    hint: words.t('saved.save.secret.hint', values),
    required: words.t('saved.save.secret.required', values),
    messages: { tooLong: words.t('form.errors.tooLong', { name: errorName, max: SECRET_MAX }) },
    autocomplete: 'off',
    spellcheck: false,
    widthClass: 'govuk-!-width-two-thirds',
    maxLength: SECRET_MAX,
  };
}

/** "Email me a link": offered only with an address the person said is safe to email. */
function emailLinkField(words: Words, values: CopyValues, email: string): CheckboxesField {
  return {
    kind: 'checkboxes',
    name: 'emailLink',
    label: words.t('saved.save.emailLink.legend', values),
    messages: { invalid: words.t('form.errors.choices') },
    options: [{ value: 'yes', label: words.t('saved.save.emailLink.label', values), hint: words.t('saved.save.emailLink.hint', { ...values, email }) }],
  };
}

function savePage(words: Words, values: CopyValues, email: string | undefined): PageSpec {
  return {
    id: 'save',
    title: words.t('saved.save.title', values),
    introHtml: words.blocks('saved.save.intro', values),
    fields: [secretField(words, values, words.t('saved.save.secret.errorName', values)), ...(email ? [emailLinkField(words, values, email)] : [])],
    submitLabel: words.t('saved.save.submit', values),
  };
}

/** Where someone carries on: the first question without an answer, or check answers. */
function resumeAt(journey: Journey, ctx: JourneyContext): string {
  return at(journey, firstIncompleteStep(journey, ctx) ?? CHECK);
}

/** `/<journey>/save`: choose a word, then the answers are saved under a new code. */
export async function handleSave(options: {
  journey: Journey;
  locals: JourneyLocals;
  request: Request;
  now: Date;
}): Promise<Redirect | Rewrite | SaveFormPage> {
  const { journey, locals, request, now } = options;
  const unusable = unusableSession(journey, locals, true);
  if (unusable) return unusable;
  const session = locals.session as SessionRecord;
  const { copy, council, store } = locals.runtime;
  const ctx = toJourneyContext(session, council, now);
  const values = journeyValues(journey, ctx);
  const email = safeEmailAddress(journey, ctx);
  const page = savePage(copy, values, email);
  const form: SaveFormPage = { kind: 'form', status: 200, page, values: {}, errors: null, csrfToken: session.csrfToken, backHref: resumeAt(journey, ctx) };
  if (request.method !== 'POST') return form;

  const posted = await readPostedForm(request, session);
  if (!posted.ok && posted.reason !== 'honeypot') return toRefusedPost(posted.reason, at(journey, 'save'));
  if (!posted.ok) return { ...form, status: 422, errors: errorOn('secret', copy.t('form.errors.notSaved', { button: page.submitLabel })) };
  const parsed = parsePage(page, posted.raw, { today: ctx.today });
  if (!parsed.ok) return { ...form, status: 422, errors: parsed.error };
  const secret = String(parsed.value['secret'] ?? '');
  if (normaliseSecret(secret).replace(/ /g, '').length < MIN_SECRET_LENGTH) {
    return { ...form, status: 422, errors: errorOn('secret', copy.t('saved.save.secret.tooShort', { ...values, min: MIN_SECRET_LENGTH })) };
  }
  const wantsEmail = email !== undefined && Array.isArray(parsed.value['emailLink']) && parsed.value['emailLink'].includes('yes');
  const origin = new URL(request.url).origin;
  await saveDraft({
    store,
    council,
    session,
    secret,
    now,
    ...(wantsEmail
      ? {
          email: {
            to: email,
            send: async ({ code, expiresAt }) => (await sendSavedFormEmail(locals, { to: email, code, origin, now, keptUntil: expiresAt })) === 'sent',
          },
        }
      : {}),
  });
  return redirect(at(journey, 'saved'));
}

/** What `/<journey>/saved` shows: the code, once saved, and where to carry on. */
export type SavedOutcome =
  Redirect | { kind: 'saved'; code: string; continueHref: string; values: CopyValues; emailed?: NonNullable<SessionSaveState['savedEmail']> };

export function handleSaved(options: { journey: Journey; locals: JourneyLocals; now: Date }): SavedOutcome {
  const { journey, locals, now } = options;
  const unusable = unusableSession(journey, locals, true);
  if (unusable) return unusable;
  const session = locals.session as SessionRecord;
  const { savedCode: code, savedEmail } = session.data as SessionSaveState;
  const ctx = toJourneyContext(session, locals.runtime.council, now);
  if (!code) return redirect(at(journey, 'save'));
  return { kind: 'saved', code, continueHref: resumeAt(journey, ctx), values: journeyValues(journey, ctx), ...(savedEmail ? { emailed: savedEmail } : {}) };
}

function resumePage(words: Words): PageSpec {
  const text = (name: 'code' | 'secret', max: number, widthClass: string): TextField => ({
    kind: 'text',
    name,
    label: words.t(`saved.resume.${name}.label`),
    hint: words.t(`saved.resume.${name}.hint`),
    required: words.t(`saved.resume.${name}.required`),
    messages: { tooLong: words.t(`saved.resume.${name}.format`) },
    autocomplete: 'off',
    spellcheck: false,
    widthClass,
    maxLength: max,
  });
  return {
    id: 'resume',
    title: words.t('saved.resume.title'),
    introHtml: words.blocks('saved.resume.intro'),
    fields: [text('code', 30, 'govuk-input--width-20'), text('secret', SECRET_MAX, 'govuk-!-width-two-thirds')],
    submitLabel: words.t('saved.resume.submit'),
  };
}

/** Attempts at /resume one client may make in a quarter of an hour, counted across instances. */
export const RESUME_ATTEMPTS_PER_WINDOW = 30;
export const RESUME_WINDOW_MS = 15 * 60 * 1000;

export type ResumeOutcome =
  Redirect | Rewrite | (Omit<SaveFormPage, 'csrfToken' | 'backHref'> & { csrfToken: null }) | { kind: 'locked' } | { kind: 'expired' };

/**
 * `/resume`: a code and a word bring saved answers back into a fresh session, at the first
 * question without an answer. There is no session to hold a CSRF token here; the middleware's
 * Origin check refuses posts from other sites, and a fresh session id is issued either way.
 */
export async function handleResume(options: {
  locals: JourneyLocals;
  request: Request;
  cookies: AstroCookies;
  clientAddress: string;
  journeyById: (id: unknown) => Journey | undefined;
  now: Date;
}): Promise<ResumeOutcome> {
  const { locals, request, cookies, now } = options;
  const { copy, council, store, config, log } = locals.runtime;
  const page = resumePage(copy);
  const form = { kind: 'form' as const, status: 200, page, values: {}, errors: null, csrfToken: null };
  if (request.method !== 'POST') return form;

  const attempts = await store.hitRateLimit(`resume:${options.clientAddress}`, RESUME_WINDOW_MS, now.getTime());
  if (attempts > RESUME_ATTEMPTS_PER_WINDOW) {
    log.warn('resume attempts rate limited', {});
    return { kind: 'rewrite', location: '/too-many-attempts' };
  }
  const posted = await readSessionlessForm(request);
  if (!posted.ok && posted.reason === 'too_large') return { kind: 'rewrite', location: '/too-large' };
  if (!posted.ok && posted.reason !== 'honeypot') return redirect('/resume');
  // Only the code is shown again: the word is never put back into a page.
  const { raw } = posted;
  const values = { code: typeof raw['code'] === 'string' ? raw['code'] : '' };
  if (!posted.ok) return { ...form, status: 422, values, errors: errorOn('code', copy.t('form.errors.notSaved', { button: page.submitLabel })) };
  const parsed = parsePage(page, raw, { today: toJourneyContext(undefined, council, now).today });
  if (!parsed.ok) return { ...form, status: 422, values, errors: parsed.error };
  const code = parseReturnCode(String(parsed.value['code']));
  if (!code.ok) return { ...form, status: 422, values, errors: errorOn('code', copy.t('saved.resume.code.format')) };

  const opened = await openDraft({ store, code: code.value, secret: String(parsed.value['secret']), now });
  if (!opened.ok) {
    log.info('saved answers not opened', { errorCode: opened.error });
    if (opened.error === 'no_match') return { ...form, status: 422, values, errors: errorOn('code', copy.t('saved.resume.noMatch')) };
    return { kind: opened.error };
  }
  const journey = options.journeyById(opened.value.data['journey']);
  if (!journey) return { ...form, status: 422, values, errors: errorOn('code', copy.t('saved.resume.noMatch')) };

  if (locals.session) await store.deleteSession(locals.session.id);
  const data = { ...opened.value.data, savedDraft: opened.value.codeHash, resumedAt: now.getTime() };
  const session = await store.createSession({ now: now.getTime(), expiresAt: now.getTime() + config.session.ttlMinutes * 60_000, data });
  cookies.set(SESSION_COOKIE, toSessionCookieValue(session.id, config.session.secret), sessionCookieOptions(config.isProduction));
  log.info('saved answers opened', {});
  return redirect(resumeAt(journey, toJourneyContext(session, council, now)));
}
