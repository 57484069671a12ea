// Reports (An Giang art. 17.7.c: meetings counted every six months): meetings per period,
// per host organisation and per month, and each point's availability; both as tables and
// as CSV (UTF-8 with BOM, so Excel shows Vietnamese) downloaded straight from the API.

import {get} from '../api.js';
import {h, replace, toast} from '../dom.js';
import {formatNumber, formatTime, t} from '../i18n.js';
import {localDate, rangeQuery} from './bookings.js';
import {table} from './logbook.js';

export async function render(view) {
  const today = new Date();
  const from = h('input', {type: 'date', name: 'from', value: localDate(new Date(today.getTime() - 183 * 86400000))});
  const to = h('input', {type: 'date', name: 'to', value: localDate(today)});
  const all = h('input', {type: 'checkbox', name: 'kind'});
  const out = h('div', {'data-test': 'reports'});

  async function refresh() {
    const range = (extra = {}) => rangeQuery(from.value, to.value, {kind: all.checked ? 'all' : '', ...extra});
    const [meetings, availability] = await Promise.all([
      get(`/api/v1/reports/meetings${range()}`),
      get(`/api/v1/reports/availability${rangeQuery(from.value, to.value)}`)]);
    const csv = (path, q) => h('a', {class: 'button', href: `${path}${q}`, download: '', 'data-test': 'csv'}, t('reports.csv'));
    replace(out,
            h('section', {class: 'panel'},
              h('h2', {}, t('reports.meetings'), csv('/api/v1/reports/meetings', range({format: 'csv'}))),
              h('p', {class: 'big', 'data-test': 'total-meetings'}, t('reports.total', {count: meetings.total_meetings})),
              h('div', {class: 'two-columns'},
                h('div', {}, h('h3', {}, t('reports.by_host')),
                  table([t('col.host'), t('reports.count'), t('col.duration')],
                        meetings.by_host.map((r) => [r.host_org, String(r.meetings), formatNumber(r.minutes)]))),
                h('div', {}, h('h3', {}, t('reports.by_month')),
                  table([t('col.month'), t('reports.count'), t('col.duration')],
                        meetings.by_month.map((r) => [r.month, String(r.meetings), formatNumber(r.minutes)])))),
              table([t('col.time'), t('col.room'), t('col.title'), t('col.host'), t('col.duration'), t('col.points'),
                     t('col.incidents')],
                    meetings.meetings.map((m) => [formatTime(m.started_at), m.room, m.title, m.host_org,
                                                  formatNumber(m.duration_minutes), String(m.points_joined),
                                                  String(m.incidents)]))),
            h('section', {class: 'panel'},
              h('h2', {}, t('reports.availability'),
                csv('/api/v1/reports/availability', rangeQuery(from.value, to.value, {format: 'csv'}))),
              table([t('col.name'), t('reports.expected'), t('reports.joined'), t('reports.minutes'),
                     t('reports.availability_pct'), t('col.incidents')],
                    availability.points.map((p) => [p.name, String(p.meetings_expected), String(p.meetings_joined),
                                                    formatNumber(p.connected_minutes),
                                                    `${formatNumber(p.availability_pct, 1)} %`, String(p.incidents)]))));
  }

  const filter = h('form', {class: 'inline filter'}, h('label', {}, t('bookings.from'), from),
                   h('label', {}, t('bookings.to'), to), h('label', {}, all, t('reports.kind_all')),
                   h('button', {type: 'submit'}, t('bookings.show')));
  filter.addEventListener('submit', (e) => { e.preventDefault(); refresh().catch((err) => toast(err.message, 'error')); });
  view.append(h('h1', {}, t('reports.title')), filter, out);
  await refresh();
}
