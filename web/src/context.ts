import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { ApiClient } from './api';
import type { CatalogueForm, Locale, Me } from './engine/types';
import type { MessageKey } from './i18n';
import type { Outbox } from './offline/outbox';
import type { Route } from './router';

/** What every screen reads: the caller, the catalogue, the language, the API and the outbox. */
export interface AppContext {
  api: ApiClient;
  me: Me;
  locale: Locale;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  route: Route;
  online: boolean;
  outbox: Outbox;
  /** Items waiting in the outbox (submissions, rectifications, photos). */
  pending: number;
  catalogue(): Promise<CatalogueForm[]>;
}

export const Ctx = createContext<AppContext | undefined>(undefined);

export function useApp(): AppContext {
  const context = useContext(Ctx);
  if (!context) throw new Error('no app context');
  return context;
}

/** Loads something for a screen; `reload` loads it again. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
): { data?: T; error?: Error; loading: boolean; reload(): void } {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return { ...state, reload: () => setRound((n) => n + 1) };
}
