import { html } from 'htm/preact';
import { useApp, useLoad } from '../context';
import { pick } from '../engine/text';
import { href } from '../router';
import { BarChart } from './charts';
import { Failure, Loading } from './common';
import { percent, useWords } from './i18n';
import type { Overview } from './types';

/**
 * 本月概览: the district's month so far in one request (GET /v1/overview): compliance, each school
 * worst first with the threshold marked, today's checks not in yet, hazard counts that open the
 * lists, and two small charts.
 */
export function OverviewScreen(props: { month?: string }) {
  const { api, catalogue } = useApp();
  const { w, wo, locale } = useWords();
  const { data, error } = useLoad(async () => {
    const overview = await api.get<Overview>(
      `/v1/overview${props.month ? `?month=${encodeURIComponent(props.month)}` : ''}`,
    );
    return overview;
  }, [props.month, locale]);
  // Form titles for today's missing checks: the catalogue, loaded after the figures (not on their path).
  const forms = useLoad(() => catalogue(), [locale]);
  if (error) return html`<${Failure} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  const formTitle = (id: string) => {
    const form = forms.data?.find((candidate) => candidate.id === id);
    return form ? pick(form.title, locale) : id;
  };
  const { hazards } = data;
  const below = data.schools.filter((school) => school.belowThreshold).length;
  const count = (label: string, value: number, link: string, tone = '') =>
    html`<a class=${`stat ${tone}`} href=${link} data-stat=${label}><span class="stat-value">${value}</span><span class="stat-label">${w(label as 'open')}</span></a>`;
  const schoolBars = data.schools
    .filter((school) => school.rate !== null)
    .slice(0, 25)
    .map((school) => ({
      label: school.name,
      value: (school.rate ?? 0) * 100,
      text: percent(school.rate),
      warn: school.belowThreshold,
    }));
  const categoryBars = hazards.byCategory
    .filter((row) => row.open + row.awaitingVerification > 0)
    .map((row) => ({
      label: wo(`category_${row.category}`, row.category),
      value: row.open,
      second: row.awaitingVerification,
      text: `${row.open} + ${row.awaitingVerification}`,
    }));
  return html`<section class="overview">
    <h2>${w('overview')} <span class="date">${data.month}${data.current ? ` · ${data.today}` : ''}</span></h2>
    <div class="stats">
      <div class="stat big" data-stat="districtRate"><span class="stat-value">${percent(data.district.rate)}</span><span class="stat-label">${w('districtRate')} (${data.district.submitted}/${data.district.expected})</span></div>
      ${count('open', hazards.open, href(['hazards'], { status: 'open' }))}
      ${count('overdue', hazards.overdue, href(['hazards'], { overdue: 'true' }), hazards.overdue > 0 ? 'bad' : '')}
      ${count('critical', hazards.critical, href(['hazards'], { status: 'open', severity: 'critical' }), hazards.critical > 0 ? 'bad' : '')}
      ${count('awaiting', hazards.awaitingVerification, href(['hazards'], { status: 'rectified' }), hazards.awaitingVerification > 0 ? 'warn' : '')}
    </div>
    <div class="columns">
      <section class="panel">
        <h3>${w('complianceBySchool')}</h3>
        <p class="meta">${w('threshold', { rate: percent(data.threshold) })} · ${w('schoolsBelow', { count: below })}</p>
        ${schoolBars.length ? html`<${BarChart} bars=${schoolBars} max=${100} title=${w('complianceChart')} threshold=${data.threshold * 100} thresholdText=${percent(data.threshold)} />` : null}
        <div class="table-wrap"><table class="grid" data-table="schools">
          <thead><tr><th scope="col">${w('school')}</th><th scope="col" class="num">${w('rate')}</th><th scope="col" class="num wide-only">${w('submitted')}/${w('expected')}</th><th scope="col" class="num">${w('openHazards')}</th></tr></thead>
          <tbody>${data.schools.map(
            (school) => html`<tr class=${school.belowThreshold ? 'below' : ''} data-school=${school.schoolId}>
              <th scope="row"><a href=${href(['schools', school.schoolId])}>${school.name}</a>${school.belowThreshold ? html` <span class="pill overdue">${w('belowThreshold')}</span>` : null}</th>
              <td class="num"><span data-rate>${percent(school.rate)}</span><span class="narrow-only sub">${school.submitted}/${school.expected}</span></td><td class="num wide-only">${school.submitted}/${school.expected}</td><td class="num">${school.openHazards}</td></tr>`,
          )}</tbody></table></div>
      </section>
      <div>
        <section class="panel">
          <h3>${w('dueTodayMissing')}</h3>
          ${
            data.dueToday === null
              ? html`<p class="meta">${w('pastMonth')}</p>`
              : data.dueToday.length === 0
                ? html`<p class="notice ok">${w('dueTodayNone')}</p>`
                : html`<ul class="due-list" data-list="due-today">${data.dueToday.map(
                    (row) =>
                      html`<li><a href=${href(['schools', row.schoolId])}>${row.name}</a>: ${row.formTypes.map(formTitle).join('、')}</li>`,
                  )}</ul>`
          }
        </section>
        <section class="panel">
          <h3>${w('hazardsByCategory')}</h3>
          ${categoryBars.length ? html`<${BarChart} bars=${categoryBars} max=${Math.max(1, ...categoryBars.map((bar) => bar.value + (bar.second ?? 0)))} title=${w('hazardsChart')} />` : html`<p class="meta">${w('none')}</p>`}
          <p class="legend"><span class="swatch"></span> ${w('open')} <span class="swatch second"></span> ${w('awaiting')}</p>
        </section>
      </div>
    </div>
  </section>`;
}
