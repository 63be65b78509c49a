/** The login link of a token: the token in the fragment, so it never reaches a server or a log (issue 17). */
export function loginLinkOf(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/?$/, '/')}#/login?token=${encodeURIComponent(token)}`;
}
