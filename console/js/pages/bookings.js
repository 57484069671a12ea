// The bookings calendar: meetings grouped by day for a date range, and the booking form.
// The server checks every rule (overlapping points or room, the MCU's bandwidth budget,
// test-run times) and names the conflict; the form shows its message next to the field.

import {del, get, post, query} from '../api.js';
import {can} from '../app.js';
import {field, formError, h, replace, showFormError, toast} from '../dom.js';
import {formatTime, lang, t} from '../i18n.js';

// "2027-01-05" of a Date in the operator's clock.
export function localDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// A <input type="datetime-local"> value ("2027-01-05T08:00") → RFC 3339 with this
// browser's offset ("2027-01-05T08:00:00+07:00"), which the API accepts as is.
export function toRfc3339(local) {
  if (!local) return '';
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return local;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

// A date range query: "to" is inclusive in the form, so the API gets the next midnight.
function rangeQuery(from, to, extra = {}) {
  const end = to ? localDate(new Date(new Date(`${to}T00:00`).getTime() + 86400000)) : '';
  return query({from: from ? toRfc3339(`${from}T00:00`) : '', to: end ? toRfc3339(`${end}T00:00`) : '', ...extra});
}
export {rangeQuery};

export async function render(view) {
  const today = new Date();
  const from = h('input', {type: 'date', name: 'from', value: localDate(new Date(today.getTime() - 86400000))});
  const to = h('input', {type: 'date', name: 'to', value: localDate(new Date(today.getTime() + 30 * 86400000))});
  const cancelled = h('input', {type: 'checkbox', name: 'include_cancelled'});
  const list = h('div', {class: 'calendar', 'data-test': 'bookings-list'});
  const [rooms, points] = await Promise.all([get('/api/v1/rooms'), get('/api/v1/points')]);
  const pointName = new Map(points.map((p) => [p.id, p.name]));

  async function refresh() {
    const bookings = await get(`/api/v1/bookings${rangeQuery(from.value, to.value,
                                                              {include_cancelled: cancelled.checked ? 1 : ''})}`);
    bookings.sort((a, b) => a.start.localeCompare(b.start));
    const days = new Map();
    for (const b of bookings) {
      const day = new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', {dateStyle: 'full'}).format(new Date(b.start));
      if (!days.has(day)) days.set(day, []);
      days.get(day).push(b);
    }
    replace(list, bookings.length === 0 ? h('p', {class: 'muted'}, t('bookings.none'))
      : [...days].map(([day, items]) => h('section', {class: 'day'}, h('h3', {}, day),
          items.map((b) => bookingRow(b, pointName, refresh)))));
  }

  const filter = h('form', {class: 'inline filter'}, h('label', {}, t('bookings.from'), from),
                   h('label', {}, t('bookings.to'), to), h('label', {}, cancelled, t('bookings.include_cancelled')),
                   h('button', {type: 'submit'}, t('bookings.show')));
  filter.addEventListener('submit', (e) => { e.preventDefault(); refresh().catch((err) => toast(err.message, 'error')); });
  view.append(h('h1', {}, t('bookings.title')),
              h('div', {class: 'two-columns'},
                h('section', {}, filter, list),
                can('edit-bookings') ? bookingForm(rooms, points, refresh) : null));
  await refresh();
}

function bookingRow(b, pointName, refresh) {
  const time = (iso) => formatTime(iso, false);
  return h('article', {class: `booking status-${b.status}`, dataset: {id: b.id}, 'data-test': 'booking'},
           h('div', {class: 'when'}, `${time(b.start)} – ${time(b.end)}`,
             b.test_start ? h('small', {class: 'muted'}, t('bookings.test_at', {time: formatTime(b.test_start)})) : null),
           h('div', {class: 'what'},
             h('strong', {}, b.title),
             b.emergency ? h('span', {class: 'badge bad'}, t('bookings.emergency')) : null,
             h('span', {class: 'badge'}, t(`bookings.status.${b.status}`)),
             h('div', {class: 'muted'}, `${b.host_org} · ${t('col.room')} ${b.room}`),
             h('div', {class: 'muted small'}, b.points.map((id) => pointName.get(id) ?? `#${id}`).join(', ')),
             b.contact ? h('div', {class: 'small'}, b.contact) : null),
           can('edit-bookings') && b.status === 'scheduled'
             ? h('button', {type: 'button', class: 'danger', onclick: async () => {
                 if (!confirm(t('bookings.cancel_confirm', {title: b.title}))) return;
                 try {
                   await del(`/api/v1/bookings/${b.id}`);
                   await refresh();
                 } catch (e) {
                   toast(e.message, 'error');
                 }
               }}, t('bookings.cancel'))
             : null);
}

function bookingForm(rooms, points, refresh) {
  const input = (name, attrs = {}) => h('input', {name, ...attrs});
  const el = {
    title: input('title', {required: true, maxlength: 200}),
    host_org: input('host_org', {required: true, maxlength: 200}),
    room: h('select', {name: 'room'}, rooms.map((r) => h('option', {value: r.number}, `${r.number} — ${r.name}`))),
    start: input('start', {type: 'datetime-local', required: true}),
    end: input('end', {type: 'datetime-local', required: true}),
    test_start: input('test_start', {type: 'datetime-local'}),
    emergency: input('emergency', {type: 'checkbox'}),
    contact: input('contact', {maxlength: 200}),
    notes: h('textarea', {name: 'notes', rows: 2}),
  };
  const boxes = points.map((p) => h('label', {class: 'check'},
                                     h('input', {type: 'checkbox', name: 'point', value: p.id}), ` ${p.name}`));
  const pointsSet = h('fieldset', {class: 'points-set'}, h('legend', {}, t('bookings.field.points')), boxes,
                      h('small', {class: 'field-error', dataset: {errorFor: 'points'}}));
  const form = h('form', {class: 'card', 'data-test': 'booking-form'},
                 h('h2', {}, t('bookings.new')), formError(),
                 ['title', 'host_org', 'room', 'start', 'end', 'test_start'].map((k) => field(t(`bookings.field.${k}`), el[k])),
                 pointsSet,
                 h('label', {class: 'check'}, el.emergency, ` ${t('bookings.field.emergency')}`),
                 field(t('bookings.field.contact'), el.contact), field(t('bookings.field.notes'), el.notes),
                 h('button', {type: 'submit', class: 'primary'}, t('bookings.create')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {
      title: el.title.value.trim(), host_org: el.host_org.value.trim(), room: el.room.value,
      start: toRfc3339(el.start.value), end: toRfc3339(el.end.value),
      points: [...form.querySelectorAll('input[name=point]:checked')].map((c) => Number(c.value)),
      emergency: el.emergency.checked, contact: el.contact.value.trim(), notes: el.notes.value,
    };
    if (el.test_start.value) body.test_start = toRfc3339(el.test_start.value);
    try {
      await post('/api/v1/bookings', body);
      showFormError(form, null);
      form.reset();
      toast(t('bookings.created'));
      await refresh();
    } catch (error) {
      showFormError(form, error);
    }
  });
  return form;
}
