import { parseHash } from './router';

/**
 * Takes the token out of a login link (`#/login?token=…`) and replaces the address at once, so
 * the token stays neither in the address bar nor in the history. Returns the token, if any.
 * Runs before anything else on start, synchronously.
 */
export function takeLoginToken(
  location: Pick<Location, 'hash' | 'pathname' | 'search'>,
  history: Pick<History, 'replaceState'>,
): string | undefined {
  const route = parseHash(location.hash);
  if (route.path[0] !== 'login') return undefined;
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  const token = route.query.token?.trim();
  return token ? token : undefined;
}
