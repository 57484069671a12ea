// The technical logbook (Triệu Sơn art. 4.3): every test and official session with the
// points' join/leave times, incidents and their causes, quality summaries and the
// technicians' notes; notes and phoned-in incidents are added here.

import {get, post} from '../api.js';
import {can} from '../app.js';
import {field, formError, h, replace, showFormError, toast} from '../dom.js';
import {formatNumber, formatTime, t} from '../i18n.js';
import {localDate, rangeQuery} from './bookings.js';

const CAUSES = ['reported', 'sip', 'rtp_timeout', 'high_loss'];

export async function render(view, params) {
  const today = new Date();
  const from = h('input', {type: 'date', name: 'from', value: localDate(new Date(today.getTime() - 31 * 86400000))});
  const to = h('input', {type: 'date', name: 'to', value: localDate(today)});
  const room = h('input', {name: 'room', size: 8, inputmode: 'numeric'});
  const list = h('div', {'data-test': 'logbook-list'});
  const detail = h('div', {class: 'detail', 'data-test': 'logbook-detail'});

  async function refresh() {
    const meetings = await get(`/api/v1/logbook${rangeQuery(from.value, to.value, {room: room.value.trim()})}`);
    replace(list, meetings.length === 0 ? h('p', {class: 'muted'}, t('logbook.none')) : table(
      [t('col.time'), t('logbook.left'), t('col.room'), t('col.title'), t('col.host'), t('col.kind'), ''],
      meetings.map((m) => [formatTime(m.started_at), formatTime(m.ended_at), m.room, m.title || t('common.none'),
                           m.host_org || '', t(`logbook.kind.${m.kind}`),
                           h('a', {href: `#/logbook/${m.id}`}, t('logbook.open'))])));
  }

  const filter = h('form', {class: 'inline filter'}, h('label', {}, t('bookings.from'), from),
                   h('label', {}, t('bookings.to'), to), h('label', {}, t('col.room'), room),
                   h('button', {type: 'submit'}, t('common.filter')));
  filter.addEventListener('submit', (e) => { e.preventDefault(); refresh().catch((err) => toast(err.message, 'error')); });
  view.append(h('h1', {}, t('logbook.title')), filter, list, detail);
  await refresh();
  if (params[0]) await showMeeting(detail, params[0]);
}

async function showMeeting(detail, id) {
  const m = await get(`/api/v1/logbook/meetings/${encodeURIComponent(id)}`);
  const reload = () => showMeeting(detail, id).catch((e) => toast(e.message, 'error'));
  replace(detail,
          h('h2', {}, `${m.title || t(`logbook.kind.${m.kind}`)} — ${t('col.room')} ${m.room}`),
          h('p', {class: 'muted'}, `${formatTime(m.started_at)} – ${formatTime(m.ended_at)} · ${m.host_org || ''}`),
          h('h3', {}, t('logbook.sessions')),
          table([t('col.name'), t('logbook.joined'), t('logbook.left'), t('logbook.leave_cause')],
                (m.sessions || []).map((s) => [s.name, formatTime(s.joined_at), formatTime(s.left_at), s.leave_cause || ''])),
          h('h3', {}, t('logbook.incidents')),
          table([t('col.time'), t('col.name'), t('logbook.cause'), t('logbook.detail')],
                (m.incidents || []).map((i) => [formatTime(i.time), i.name || t('common.none'),
                                                t(`cause.${i.cause}`), i.detail])),
          h('h3', {}, t('logbook.quality')),
          table([t('col.time'), t('col.name'), t('stats.loss'), t('stats.jitter'), t('stats.bitrate'), t('stats.freezes')],
                (m.quality || []).map((q) => [formatTime(q.time), q.name, `${formatNumber(q.loss_pct, 1)} %`,
                                              `${formatNumber(q.jitter_ms, 1)} ms`, `${formatNumber(q.bitrate_kbps)} kb/s`,
                                              formatNumber(q.freezes)])),
          h('h3', {}, t('logbook.notes')),
          h('ul', {class: 'notes'}, (m.notes || []).map((n) =>
            h('li', {}, h('small', {class: 'muted'}, `${formatTime(n.time)} · ${n.user}`), h('p', {}, n.text)))),
          can('write-logbook') ? h('div', {class: 'two-columns'}, noteForm(m, reload), incidentForm(m, reload)) : null);
}

function noteForm(m, reload) {
  const text = h('textarea', {name: 'text', rows: 3, maxlength: 2000, required: true});
  const form = h('form', {class: 'card'}, h('h3', {}, t('logbook.add_note')), formError(),
                 field(t('logbook.note_text'), text), h('button', {type: 'submit'}, t('common.save')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await post(`/api/v1/logbook/meetings/${m.id}/notes`, {text: text.value});
      toast(t('logbook.saved'));
      await reload();
    } catch (error) {
      showFormError(form, error);
    }
  });
  return form;
}

function incidentForm(m, reload) {
  const points = new Map((m.sessions || []).map((s) => [s.point, s.name]));
  const point = h('select', {name: 'point'}, h('option', {value: ''}, t('common.none')),
                  [...points].filter(([id]) => id).map(([id, name]) => h('option', {value: id}, name)));
  const cause = h('select', {name: 'cause'}, CAUSES.map((c) => h('option', {value: c}, t(`cause.${c}`))));
  const detail = h('textarea', {name: 'detail', rows: 2, maxlength: 2000});
  const form = h('form', {class: 'card'}, h('h3', {}, t('logbook.add_incident')), formError(),
                 field(t('logbook.point'), point), field(t('logbook.cause'), cause), field(t('logbook.detail'), detail),
                 h('button', {type: 'submit'}, t('common.save')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {cause: cause.value, detail: detail.value};
    if (point.value) body.point = Number(point.value);
    try {
      await post(`/api/v1/logbook/meetings/${m.id}/incidents`, body);
      toast(t('logbook.saved'));
      await reload();
    } catch (error) {
      showFormError(form, error);
    }
  });
  return form;
}

// A plain table; cells are text or elements.
export function table(headings, rows) {
  return h('table', {},
           h('thead', {}, h('tr', {}, headings.map((text) => h('th', {}, text)))),
           h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c))))));
}

