import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loginLinkOf as loginLink } from '../../shared/directory/login-link';
import type { StaticSite } from './web-static';

/*
 * The school app in the local stack: built with esbuild into the stack's own folder
 * (`<HOUQIN_LOCAL_DIR>/web`, so two stacks never share a build), rebuilt when web/ changes, and
 * served by the API adapter at the API's origin. The demo credentials get the app's URL and a
 * login link per token.
 */

export interface LocalWebApp {
  site: StaticSite;
  stop(): void;
}

/** Builds the app once (a failed build is a warning: the API still starts), then rebuilds when web/ changes. */
export async function startLocalWebApp(localDir: string, uploadOrigin: string): Promise<LocalWebApp> {
  const { buildWeb, watchWeb } = await import('../../web/build');
  const { chromiumWarning } = await import('./prerequisites');
  const warning = chromiumWarning(existsSync);
  if (warning) console.warn(`houqin: warning: ${warning.replace(/\n/g, '\nhouqin: ')}`);
  const outdir = join(localDir, 'web');
  try {
    const built = await buildWeb({ outdir });
    console.log(
      `houqin: web app      built in ${built.ms} ms into ${relative(process.cwd(), outdir) || outdir} (rebuilt when web/ changes)`,
    );
  } catch (error) {
    // The API and everything else still start; the app answers 404 until a change builds.
    console.warn(`houqin: warning: the web app did not build (fix web/ and it rebuilds): ${(error as Error).message}`);
  }
  const watcher = watchWeb(
    (result) => {
      if (result instanceof Error)
        console.warn(`houqin: warning: the web app did not build (the last good build is served): ${result.message}`);
      else console.log(`houqin: web app rebuilt in ${result.ms} ms`);
    },
    { outdir },
  );
  return { site: { dir: outdir, uploadOrigins: [uploadOrigin] }, stop: () => watcher.stop() };
}

interface CredentialsFile {
  tokens?: {
    admin?: string;
    official?: string;
    schools?: { schoolId: string; name: string; token: string; loginLink?: string }[];
  };
  [key: string]: unknown;
}

/**
 * Adds `appUrl` and a `loginLink` beside every token of `.local/demo-credentials.json` (recomputed
 * on every start: the port may change). Returns the first school's name and link, for the summary.
 */
export function addLoginLinks(path: string, appUrl: string): { school: string; link: string } | undefined {
  if (!existsSync(path)) return undefined;
  const file = JSON.parse(readFileSync(path, 'utf8')) as CredentialsFile;
  const tokens = file.tokens ?? {};
  const schools = (tokens.schools ?? []).map((school) => ({ ...school, loginLink: loginLink(appUrl, school.token) }));
  const loginLinks = {
    ...(tokens.official ? { official: loginLink(appUrl, tokens.official) } : {}),
    ...(tokens.admin ? { admin: loginLink(appUrl, tokens.admin) } : {}),
  };
  writeFileSync(path, `${JSON.stringify({ ...file, appUrl, tokens: { ...tokens, schools }, loginLinks }, null, 2)}\n`, {
    mode: 0o600,
  });
  chmodSync(path, 0o600);
  const first = schools[0];
  return first ? { school: first.name, link: first.loginLink } : undefined;
}
