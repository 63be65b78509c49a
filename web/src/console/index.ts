import { html } from 'htm/preact';
import { useApp } from '../context';

/**
 * The officials' console (issue 18) lives under web/src/console/: this placeholder is what an
 * official sees until it is built. The shell has already read `GET /v1/me` (role official, the
 * district) and provides the API client, the language and the catalogue through `useApp()`.
 */
export function ConsoleApp() {
  const { t, me } = useApp();
  return html`<main id="main" class="page"><h2>${t('console')}</h2><p class="notice">${me.district?.name ?? ''} · ${t('consoleSoon')}</p></main>`;
}
