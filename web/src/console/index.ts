import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { useApp } from '../context';
import { href } from '../router';
import './console.css';
import { HazardListScreen, HazardScreen } from './hazards';
import { useWords } from './i18n';
import { OverviewScreen } from './overview';
import { ReportScreen, ReportsScreen } from './reports';
import { SchoolScreen, SchoolsScreen, SubmissionScreen } from './schools';

/**
 * The officials' console (issue 18), rendered by the shell for `role: official` after
 * `GET /v1/me`: desktop first (a wide layout with a side navigation), usable on a phone (the
 * navigation becomes a top bar and tables scroll). Routes: `#/` overview, `#/hazards?…`,
 * `#/hazards/<id>`, `#/schools`, `#/schools/<id>`, `#/submissions/<id>?schoolId=`, `#/reports`,
 * `#/reports/<month>`.
 */
export function ConsoleApp() {
  const { route, me } = useApp();
  const { w } = useWords();
  const [first = '', second] = route.path;
  useEffect(() => {
    document.body.classList.add('console-mode');
    return () => document.body.classList.remove('console-mode');
  }, []);
  let screen;
  if (first === '' || first === 'overview') screen = html`<${OverviewScreen} month=${route.query.month} />`;
  else if (first === 'hazards' && second) screen = html`<${HazardScreen} key=${second} hazardId=${second} />`;
  else if (first === 'hazards') screen = html`<${HazardListScreen} query=${route.query} />`;
  else if (first === 'schools' && second)
    screen = html`<${SchoolScreen} key=${second} schoolId=${second} query=${route.query} />`;
  else if (first === 'schools') screen = html`<${SchoolsScreen} month=${route.query.month} />`;
  else if (first === 'submissions' && second)
    screen = html`<${SubmissionScreen} key=${second} submissionId=${second} schoolId=${route.query.schoolId} />`;
  else if (first === 'reports' && second) screen = html`<${ReportScreen} key=${second} month=${second} />`;
  else if (first === 'reports') screen = html`<${ReportsScreen} />`;
  else screen = html`<p class="notice">${w('notFound')}</p>`;
  const section = first === 'submissions' ? 'schools' : first || 'overview';
  const link = (path: string, label: string) =>
    html`<a class=${`console-tab${section === path ? ' current' : ''}`} href=${href(path === 'overview' ? [] : [path])} aria-current=${section === path ? 'page' : undefined}>${label}</a>`;
  return html`<div class="console">
    <nav class="console-nav" aria-label=${w('console')}>
      <span class="console-name">${w('console')}<span class="sub">${me.district?.name ?? ''}</span></span>
      ${link('overview', w('overview'))}${link('hazards', w('hazards'))}${link('schools', w('schools'))}${link('reports', w('reports'))}
    </nav>
    <main id="main" class="console-main">${screen}</main>
  </div>`;
}
