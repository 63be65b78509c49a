import { html } from 'htm/preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import { useApp, useLoad } from '../context';
import { fieldsOf, LONG_TEXT, requiredFields, type Field } from '../engine/field-model';
import { todayIn } from '../engine/dates';
import { pick } from '../engine/text';
import type { CatalogueForm, Locale } from '../engine/types';
import { rawFromAnswers, serverIssues, validateAnswers, type RawValues } from '../engine/validate';
import type { PhotoInput } from '../offline/outbox';
import type { QueuedSubmission } from '../offline/records';
import { href } from '../router';
import { PhotoPicker } from './photos';

/** A new submission id, fixed when the submission is first saved. */
function newSubmissionId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `app-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

interface Hazard {
  hazardId: string;
  title?: { zh: string; en: string };
  severity?: string;
  dueDate?: string;
}

type Result = { kind: 'sent'; hazards: Hazard[] } | { kind: 'queued' };

function fieldId(name: string): string {
  return `f-${name}`;
}

/** Moves focus to a field (its first choice when it is a group of choices). */
function focusField(name: string): void {
  const element = document.getElementById(fieldId(name));
  const target = element?.tagName === 'FIELDSET' ? element.querySelector('input') : element;
  target?.focus({ preventScroll: true });
  // Centred, so neither the header nor the submit button and tabs at the bottom cover it.
  element?.scrollIntoView({ block: 'center' });
}

function FieldInput(props: {
  field: Field;
  value: string | boolean | undefined;
  error?: string;
  required: boolean;
  locale: Locale;
  onInput(value: string | boolean | undefined): void;
}) {
  const { t } = useApp();
  const { field, value, error, locale } = props;
  const id = fieldId(field.name);
  const errorId = `${id}-error`;
  const described = error ? errorId : undefined;
  const label = pick(field.label, locale);
  const unit = field.unit ? pick(field.unit, locale) : undefined;
  const marker = props.required ? html`<span class="required" aria-hidden="true"> *</span>` : null;
  const errorLine = error ? html`<p class="error" id=${errorId}>${error}</p>` : null;
  const hint =
    field.kind === 'integer' || field.kind === 'number'
      ? field.minimum !== undefined && field.maximum !== undefined
        ? t('range', { min: field.minimum, max: field.maximum })
        : ''
      : '';

  if (field.kind === 'boolean' || (field.kind === 'choice' && (field.options?.length ?? 0) <= 4)) {
    const options =
      field.kind === 'boolean'
        ? [
            { value: 'true', label: t('yes') },
            { value: 'false', label: t('no') },
          ]
        : (field.options ?? []).map((option) => ({ value: option.value, label: pick(option.label, locale) }));
    const current = value === undefined ? undefined : String(value);
    return html`<fieldset class=${`field choice${error ? ' invalid' : ''}`} id=${id} role="radiogroup" aria-describedby=${described} aria-required=${props.required ? 'true' : undefined} aria-invalid=${error ? 'true' : undefined}>
      <legend>${label}${marker}</legend>
      <div class=${field.kind === 'boolean' ? 'segmented' : 'options'}>
        ${options.map(
          (option, index) => html`<label class="option">
            <input type="radio" name=${field.name} value=${option.value} id=${`${id}-${index}`} checked=${current === option.value}
              aria-invalid=${error ? 'true' : undefined}
              onChange=${() => props.onInput(field.kind === 'boolean' ? option.value === 'true' : option.value)} />
            <span>${option.label}</span></label>`,
        )}
      </div>${errorLine}</fieldset>`;
  }
  if (field.kind === 'choice') {
    return html`<div class=${`field${error ? ' invalid' : ''}`}>
      <label for=${id}>${label}${marker}</label>
      <select id=${id} aria-describedby=${described} aria-invalid=${error ? 'true' : undefined} required=${props.required}
        onChange=${(event: Event) => props.onInput((event.currentTarget as HTMLSelectElement).value || undefined)}>
        <option value="" selected=${value === undefined}>${t('choose')}</option>
        ${(field.options ?? []).map((option) => html`<option value=${option.value} selected=${value === option.value}>${pick(option.label, locale)}</option>`)}
      </select>${errorLine}</div>`;
  }
  const numeric = field.kind === 'integer' || field.kind === 'number';
  const long = field.kind === 'text' && (field.maxLength ?? 0) > LONG_TEXT;
  const common = {
    id,
    name: field.name,
    'aria-describedby': [described, hint ? `${id}-hint` : undefined].filter(Boolean).join(' ') || undefined,
    'aria-invalid': error ? 'true' : undefined,
    required: props.required,
    value: value === undefined ? '' : String(value),
    onInput: (event: Event) => props.onInput((event.currentTarget as HTMLInputElement).value),
  };
  return html`<div class=${`field${error ? ' invalid' : ''}`}>
    <label for=${id}>${label}${marker}</label>
    ${
      long
        ? html`<textarea ...${common} rows="4" maxlength=${field.maxLength}></textarea>`
        : html`<div class="with-unit"><input ...${common} type="text" inputmode=${numeric ? (field.kind === 'integer' ? 'numeric' : 'decimal') : undefined}
          maxlength=${numeric ? 12 : field.maxLength} autocomplete="off" />${numeric && unit ? html`<span class="unit" aria-hidden="true">${unit}</span>` : null}</div>`
    }
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
    ${errorLine}</div>`;
}

/**
 * Fills in one form, rendered from its catalogue entry: typed inputs, the schema's rules checked
 * as the user types, the date defaulting to today in the district's timezone, photos. Submitting
 * saves it in the outbox first (its submission id fixed now), then sends it when online; a 422 is
 * shown beside the field its details name; the hazards the answers raised are shown at once.
 */
export function FillScreen(props: { formType: string; supersedes?: string; draft?: string }) {
  const { api, catalogue, locale, me, t, outbox, online } = useApp();
  const { data, error } = useLoad(async () => {
    const forms = await catalogue();
    const form = forms.find((candidate) => candidate.id === props.formType);
    let earlier: { date: string; answers: Record<string, unknown> } | undefined;
    if (props.supersedes)
      earlier = await api
        .get<{ submission: { date: string; answers: Record<string, unknown> } }>(
          `/v1/submissions/${encodeURIComponent(props.supersedes)}`,
        )
        .then((body) => body.submission);
    const draft = props.draft
      ? (await outbox.store.submissions()).find((record) => record.submissionId === props.draft)
      : undefined;
    return { form, earlier, draft };
  }, [props.formType, props.supersedes, props.draft]);
  if (error) return html`<p class="notice" role="alert">${error.message}</p>`;
  if (!data) return html`<p class="notice" role="status">${t('loading')}</p>`;
  if (!data.form) return html`<p class="notice" role="alert">${t('formNotFound')}</p>`;
  return html`<${FormEditor} form=${data.form} supersedes=${props.supersedes} earlier=${data.earlier} draft=${data.draft}
    today=${todayIn(me.district?.timezone ?? 'Asia/Shanghai')} locale=${locale} online=${online} />`;
}

function FormEditor(props: {
  form: CatalogueForm;
  supersedes?: string;
  earlier?: { date: string; answers: Record<string, unknown> };
  draft?: QueuedSubmission;
  today: string;
  locale: Locale;
  online: boolean;
}) {
  const { t, outbox } = useApp();
  const { form, locale } = props;
  const fields = useMemo(() => fieldsOf(form), [form]);
  const start = props.draft ?? props.earlier;
  const [raw, setRaw] = useState<RawValues>(() => (start ? rawFromAnswers(form, start.answers) : {}));
  const [date, setDate] = useState(start?.date ?? props.today);
  const [note, setNote] = useState(props.draft?.note ?? '');
  const [photos, setPhotos] = useState<PhotoInput[]>([]);
  const [touched, setTouched] = useState<Set<string>>(() => new Set(start ? Object.keys(raw) : []));
  const [tried, setTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>(() => errorsOf(props.draft));
  const [summary, setSummary] = useState<string | undefined>(props.draft?.lastError?.message);
  const [result, setResult] = useState<Result | undefined>();
  const [busy, setBusy] = useState(false);
  const savedId = useRef<string | undefined>(props.draft?.submissionId);
  const formRef = useRef<HTMLFormElement>(null);

  const checked = validateAnswers(form, raw);
  const required = requiredFields(form, checked.answers);
  const localIssues = new Map(checked.issues.map((issue) => [issue.field, pick(issue.message, locale)]));
  const errorOf = (name: string) =>
    serverErrors[name] ?? (tried || touched.has(name) ? localIssues.get(name) : undefined);

  function setValue(name: string, value: string | boolean | undefined) {
    setRaw((previous) => ({ ...previous, [name]: value }));
    setTouched((previous) => new Set(previous).add(name));
    setServerErrors((previous) => {
      if (!(name in previous)) return previous;
      const next = { ...previous };
      delete next[name];
      return next;
    });
  }

  async function submit(event: Event) {
    event.preventDefault();
    setTried(true);
    const dateIssue = !/^\d{4}-\d{2}-\d{2}$/.test(date) || date > props.today;
    if (checked.issues.length > 0 || dateIssue) {
      setSummary(t('fixErrors', { count: checked.issues.length + (dateIssue ? 1 : 0) }));
      const first = checked.issues[0]?.field;
      requestAnimationFrame(() => focusField(first ?? 'date'));
      return;
    }
    setBusy(true);
    setSummary(undefined);
    try {
      const submissionId = savedId.current ?? newSubmissionId();
      const record = {
        submissionId,
        formType: form.id,
        formVersion: form.version,
        date,
        answers: checked.answers,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(props.supersedes ? { supersedes: props.supersedes } : {}),
      };
      if (savedId.current) {
        const existing = (await outbox.store.submissions()).find(
          (candidate) => candidate.submissionId === submissionId,
        );
        await outbox.resubmit(
          { ...(existing ?? { createdAt: new Date().toISOString(), attempts: 0 }), ...record, state: 'queued' },
          photos,
        );
      } else {
        await outbox.saveSubmission(record, photos);
        savedId.current = submissionId;
      }
      setPhotos([]);
      if (!navigator.onLine) return setResult({ kind: 'queued' });
      await outbox.send();
      const stored = (await outbox.store.submissions()).find((candidate) => candidate.submissionId === submissionId);
      if (stored?.state === 'sent') setResult({ kind: 'sent', hazards: (stored.response?.hazards ?? []) as Hazard[] });
      else if (stored?.state === 'rejected' || stored?.state === 'conflict') {
        setServerErrors(errorsOf(stored));
        setSummary(stored.lastError?.message);
        const first = serverIssues(stored.lastError?.details)[0]?.field;
        if (first) requestAnimationFrame(() => focusField(first));
      } else setResult({ kind: 'queued' });
    } finally {
      setBusy(false);
    }
  }

  if (result) {
    return html`<section class="result" aria-live="polite">
      <h2>${pick(form.title, locale)}</h2>
      ${
        result.kind === 'queued'
          ? html`<p class="notice" role="status">${t('savedOffline')}</p>`
          : result.hazards.length === 0
            ? html`<p class="notice ok" role="status">${t('sentNoHazards')}</p>`
            : html`<p class="notice warn" role="status">${t('hazardsRaised', { count: result.hazards.length })}</p>
            <ul class="cards">${result.hazards.map(
              (hazard) => html`<li><a class="card hazard" href=${href(['hazards', hazard.hazardId])}>
                <span class="card-title">${pick(hazard.title, locale)}</span>
                <span class=${`pill sev-${hazard.severity}`}>${hazard.severity ? t(`severity_${hazard.severity}` as 'severity_high') : ''}${hazard.dueDate ? ` · ${t('dueOn', { date: hazard.dueDate })}` : ''}</span></a></li>`,
            )}</ul>`
      }
      <p class="actions"><a class="button" href=${href([])}>${t('backToToday')}</a>
      <a class="button secondary" href=${href(['forms'])}>${t('fillAnother')}</a></p>
    </section>`;
  }

  return html`<form ref=${formRef} class="form" novalidate onSubmit=${submit}>
    <h2>${pick(form.title, locale)}</h2>
    ${form.description ? html`<p class="description">${pick(form.description, locale)}</p>` : null}
    ${props.supersedes && props.earlier ? html`<p class="notice">${t('correcting', { date: props.earlier.date })}</p>` : null}
    ${summary ? html`<p class="notice error-summary" role="alert">${summary}</p>` : null}
    <div class=${`field${serverErrors.date ? ' invalid' : ''}`}>
      <label for="f-date">${t('date')}<span class="required" aria-hidden="true"> *</span></label>
      <input id="f-date" type="date" value=${date} max=${props.today} required aria-describedby=${serverErrors.date ? 'f-date-error' : undefined}
        onInput=${(event: Event) => setDate((event.currentTarget as HTMLInputElement).value)} />
      ${serverErrors.date ? html`<p class="error" id="f-date-error">${serverErrors.date}</p>` : null}
    </div>
    ${fields.map((field) => html`<${FieldInput} key=${field.name} field=${field} value=${raw[field.name]} error=${errorOf(field.name)} required=${required.has(field.name)} locale=${locale} onInput=${(value: string | boolean | undefined) => setValue(field.name, value)} />`)}
    <div class="field">
      <label for="f-note">${t('note')}</label>
      <textarea id="f-note" rows="3" maxlength="2000" value=${note} onInput=${(event: Event) => setNote((event.currentTarget as HTMLTextAreaElement).value)}></textarea>
    </div>
    <${PhotoPicker} id="form-photos" photos=${photos} onChange=${setPhotos} />
    <div class="submit-bar sticky"><button type="submit" class="button primary" disabled=${busy}>${busy ? t('sending') : t('submit')}</button></div>
  </form>`;
}

/** Field errors from a refused record's 422/400 details. */
function errorsOf(record: QueuedSubmission | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of serverIssues(record?.lastError?.details)) errors[issue.field] ??= issue.reason;
  return errors;
}
