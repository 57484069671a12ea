// The audit log (admin): every operator action and security event, newest first, filtered
// and paged with `before` (the last id seen); the same filter as CSV.

import {get} from '../api.js';
import {h, replace, toast} from '../dom.js';
import {formatTime, t} from '../i18n.js';
import {localDate, rangeQuery} from './bookings.js';
import {table} from './logbook.js';

const PAGE = 100;

export async function render(view) {
  const today = new Date();
  const from = h('input', {type: 'date', name: 'from', value: localDate(new Date(today.getTime() - 7 * 86400000))});
  const to = h('input', {type: 'date', name: 'to', value: localDate(today)});
  const user = h('input', {name: 'user', size: 10});
  const action = h('input', {name: 'action', size: 14, placeholder: 'login, floor.grant…'});
  const category = h('select', {name: 'category'}, h('option', {value: ''}, t('common.all')),
                     ['action', 'security'].map((c) => h('option', {value: c}, t(`audit.category.${c}`))));
  const body = h('tbody', {});
  const more = h('button', {type: 'button', hidden: true}, t('audit.more'));
  const csv = h('a', {class: 'button', download: ''}, t('reports.csv'));
  let before = '';

  const filterQuery = (extra = {}) => rangeQuery(from.value, to.value, {user: user.value.trim(), action: action.value.trim(),
                                                                        category: category.value, ...extra});
  async function load(reset) {
    if (reset) {
      before = '';
      replace(body);
    }
    const entries = await get(`/api/v1/audit${filterQuery({limit: PAGE, before})}`);
    for (const e of entries) {
      body.append(h('tr', {class: `result-${e.result}`},
                    [formatTime(e.time), t(`audit.category.${e.category}`), e.action, e.user, e.source, e.target,
                     e.result, e.detail].map((c) => h('td', {}, c))));
    }
    if (entries.length) before = String(entries[entries.length - 1].id);
    more.hidden = entries.length < PAGE;
    csv.href = `/api/v1/audit${filterQuery({format: 'csv', limit: 10000})}`;
  }

  more.addEventListener('click', () => load(false).catch((e) => toast(e.message, 'error')));
  const filter = h('form', {class: 'inline filter'}, h('label', {}, t('bookings.from'), from),
                   h('label', {}, t('bookings.to'), to), h('label', {}, t('col.user'), user),
                   h('label', {}, t('audit.action'), action), h('label', {}, t('audit.category'), category),
                   h('button', {type: 'submit'}, t('common.filter')), csv);
  filter.addEventListener('submit', (e) => { e.preventDefault(); load(true).catch((err) => toast(err.message, 'error')); });
  const headings = table([t('col.time'), t('audit.category'), t('audit.action'), t('col.user'), t('audit.source'),
                          t('audit.target'), t('audit.result'), t('audit.detail')], []);
  headings.querySelector('tbody').replaceWith(body);
  view.append(h('h1', {}, t('audit.title')), filter, h('div', {class: 'scroll', 'data-test': 'audit-list'}, headings), more);
  await load(true);
}

