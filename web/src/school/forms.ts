import { html } from 'htm/preact';
import { appliesToSchool } from '../engine/applicable';
import { pick } from '../engine/text';
import { useApp, useLoad } from '../context';
import { href } from '../router';

/** Every form of the catalogue that applies to the school: none is known to the app in advance. */
export function FormsScreen() {
  const { me, locale, t, catalogue } = useApp();
  const { data, error } = useLoad(() => catalogue(), [locale]);
  if (error) return html`<p class="notice" role="alert">${error.message}</p>`;
  if (!data) return html`<p class="notice" role="status">${t('loading')}</p>`;
  return html`<h2>${t('chooseForm')}</h2>
    <ul class="cards">${data
      .filter((form) => appliesToSchool(form, me.school))
      .map(
        (form) =>
          html`<li><a class="card" href=${href(['fill', form.id])}><span class="card-title">${pick(form.title, locale)}</span></a></li>`,
      )}</ul>`;
}
