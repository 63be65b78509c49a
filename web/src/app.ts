import { html } from 'htm/preact';
import type { ComponentType } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, createApi } from './api';
import { Ctx, type AppContext } from './context';
import type { CatalogueForm, Locale, Me } from './engine/types';
import { initialLocale, STORAGE_KEY, translate, type MessageKey } from './i18n';
import { forgetEverything, forgetToken, readSession, writeSession } from './offline/db';
import { Outbox } from './offline/outbox';
import { parseHash } from './router';
import { SchoolApp } from './school/index';

/*
 * The shell: the session (token kept on the device), the language, `GET /v1/me`, then the app
 * for the caller's role: the school app, or the officials' console (web/src/console/).
 */

type Phase =
  | { kind: 'loading' }
  | { kind: 'signed-out'; message: MessageKey }
  | { kind: 'offline-empty' }
  | { kind: 'ready'; me: Me };

function storedLocale(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function App(props: { loginToken?: string }) {
  const [locale, setLocale] = useState<Locale>(() =>
    initialLocale(storedLocale(), navigator.languages ?? [navigator.language]),
  );
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [route, setRoute] = useState(() => parseHash(location.hash));
  const [online, setOnline] = useState(navigator.onLine);
  const [pending, setPending] = useState(0);
  const [round, setRound] = useState(0);
  // The officials' console is its own chunk, loaded only for an official: a school never downloads it.
  const [ConsoleView, setConsoleView] = useState<ComponentType | undefined>();
  const role = phase.kind === 'ready' ? phase.me.role : undefined;
  useEffect(() => {
    if (role !== 'official' || ConsoleView) return;
    import('./console/index').then(
      (module) => setConsoleView(() => module.ConsoleApp),
      () => setPhase({ kind: 'offline-empty' }),
    );
  }, [role]);

  const localeRef = useMemo(() => ({ current: locale }), []);
  localeRef.current = locale;
  const tokenRef = useMemo(() => ({ current: undefined as string | undefined }), []);
  const api = useMemo(() => createApi({ token: () => tokenRef.current, locale: () => localeRef.current }), []);
  const outbox = useMemo(() => new Outbox(api), [api]);
  const t = useCallback(
    (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params),
    [locale],
  );

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate(locale, 'appName');
  }, [locale]);

  useEffect(() => {
    const onHash = () => setRoute(parseHash(location.hash));
    const onOnline = () => {
      setOnline(true);
      void outbox.send();
    };
    const onOffline = () => setOnline(false);
    addEventListener('hashchange', onHash);
    addEventListener('online', onOnline);
    addEventListener('offline', onOffline);
    const onMessage = (event: MessageEvent) => {
      if ((event.data as { type?: string } | undefined)?.type === 'outbox-changed') outbox.changed();
    };
    navigator.serviceWorker?.addEventListener('message', onMessage);
    const unsubscribe = outbox.subscribe(() => void outbox.pendingCount().then(setPending, () => undefined));
    return () => {
      removeEventListener('hashchange', onHash);
      removeEventListener('online', onOnline);
      removeEventListener('offline', onOffline);
      navigator.serviceWorker?.removeEventListener('message', onMessage);
      unsubscribe();
    };
  }, [outbox]);

  // Sign in: the login link's token (already out of the address bar), else the one kept on the device.
  useEffect(() => {
    let live = true;
    void (async () => {
      if (props.loginToken && round === 0)
        await writeSession({ token: props.loginToken, signedInAt: new Date().toISOString() });
      const session = await readSession().catch(() => undefined);
      if (!session) return live && setPhase({ kind: 'signed-out', message: 'notSignedIn' });
      tokenRef.current = session.token;
      try {
        const me = await api.get<Me>('/v1/me');
        outbox.owner = me.school?.schoolId;
        if (outbox.owner && session.owner !== outbox.owner) await writeSession({ ...session, owner: outbox.owner });
        if (live) setPhase({ kind: 'ready', me });
        outbox.changed();
        if (navigator.onLine) void outbox.send();
      } catch (error) {
        if (!live) return;
        if (error instanceof ApiError && error.status === 401) {
          // Only the token: what is queued stays, to be sent once a new login link is opened.
          tokenRef.current = undefined;
          await forgetToken();
          setPhase({ kind: 'signed-out', message: 'tokenRejected' });
        } else setPhase({ kind: 'offline-empty' });
      }
    })();
    return () => {
      live = false;
    };
  }, [round]);

  async function forgetSession() {
    tokenRef.current = undefined;
    await forgetEverything();
    await caches
      ?.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('houqin-api')).map((key) => caches.delete(key))))
      .catch(() => undefined);
  }

  outbox.onSignedOut = () => {
    tokenRef.current = undefined;
    void forgetToken();
    setPhase({ kind: 'signed-out', message: 'tokenRejected' });
  };

  async function signOut() {
    const count = await outbox.pendingCount();
    if (count > 0 && !confirm(translate(locale, 'signOutQueued', { count }))) return;
    await forgetSession();
    setPhase({ kind: 'signed-out', message: 'signedOut' });
  }

  function toggleLocale() {
    const next: Locale = locale === 'en' ? 'zh-CN' : 'en';
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts this visit
    }
    setLocale(next);
  }

  const catalogueCache = useMemo(() => new Map<Locale, Promise<CatalogueForm[]>>(), []);
  const catalogue = useCallback(() => {
    let forms = catalogueCache.get(locale);
    if (!forms) {
      forms = api.get<{ forms: CatalogueForm[] }>('/v1/forms').then((body) => body.forms);
      forms.catch(() => catalogueCache.delete(locale));
      catalogueCache.set(locale, forms);
    }
    return forms;
  }, [locale]);

  const languageButton = html`<button type="button" class="link-button" lang=${locale === 'en' ? 'zh-CN' : 'en'} onClick=${toggleLocale}>${t('language')}</button>`;

  if (phase.kind !== 'ready') {
    const text =
      phase.kind === 'loading' ? t('loading') : phase.kind === 'offline-empty' ? t('offlineNoData') : t(phase.message);
    return html`<div class="shell">
      <header class="top"><h1>${t('appName')}</h1>${languageButton}</header>
      <main id="main" class="page"><p class="notice" role=${phase.kind === 'loading' ? 'status' : 'alert'}>${text}</p>
      ${phase.kind === 'offline-empty' ? html`<button type="button" class="button" onClick=${() => setRound((n) => n + 1)}>${t('retry')}</button>` : null}</main>
    </div>`;
  }

  const context: AppContext = { api, me: phase.me, locale, t, route, online, outbox, pending, catalogue };
  const body =
    phase.me.role === 'school'
      ? html`<${SchoolApp} />`
      : phase.me.role === 'official'
        ? ConsoleView
          ? html`<${ConsoleView} />`
          : html`<main id="main" class="page"><p class="notice" role="status">${t('loading')}</p></main>`
        : html`<main id="main" class="page"><p class="notice">${t('adminNoApp')}</p></main>`;
  return html`<${Ctx.Provider} value=${context}>
    <div class="shell">
      <header class="top">
        <div class="who"><h1>${phase.me.school?.name ?? phase.me.district?.name ?? t('appName')}</h1>
        ${phase.me.school && phase.me.district ? html`<span class="sub">${phase.me.district.name}</span>` : null}</div>
        <div class="top-actions">${languageButton}<button type="button" class="link-button" onClick=${signOut}>${t('signOut')}</button></div>
      </header>
      ${online ? null : html`<p class="offline-banner" role="status">${t('offline')}</p>`}
      ${body}
    </div>
  <//>`;
}
