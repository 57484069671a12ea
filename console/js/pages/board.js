// The meeting board of one room (#/board/NUMBER): every point with its state, audio level
// and quality, the request-to-speak queue, the layout and seating plan, and the live
// preview of the views. State is read once with GET and then kept current by the event
// stream; a "dropped" event or a reconnect re-reads it (events.js).

import {del, get, patch, post, put} from '../api.js';
import {can, go} from '../app.js';
import {History, drawChart} from '../chart.js';
import {h, replace, toast} from '../dom.js';
import {LiveEvents} from '../events.js';
import {formatNumber, formatTime, t} from '../i18n.js';
import {TilePanel} from './board_tiles.js';

const PREVIEW_PERIOD_MS = 1000;
const LOST_STATES = new Set(['disconnected', 'failed']);

export async function render(view, params) {
  let rooms;
  try {
    rooms = await get('/api/v1/live/rooms');
  } catch (e) {
    view.append(h('p', {class: 'notice', 'data-test': 'board-unavailable'}, e.message));
    return null;
  }
  if (rooms.length === 0) {
    view.append(h('p', {class: 'notice'}, t('board.no_rooms')));
    return null;
  }
  const number = params[0] && rooms.some((r) => r.number === params[0]) ? params[0] : rooms[0].number;
  const board = new Board(view, number, rooms);
  await board.load();
  return () => board.close();
}

// dBov (RFC 6464: 0 loudest, -127 silence) → 0..100 % of the meter; -60 dBov and below is
// empty, as speech below that is not heard in a room.
export function levelPercent(dbov) {
  return Math.max(0, Math.min(100, ((dbov + 60) / 60) * 100));
}

class Board {
  constructor(view, number, rooms) {
    this.number = number;
    this.rooms = rooms;
    this.control = can('control-live');
    this.room = null;
    this.participants = new Map();  // id → participant JSON
    this.floor = {holders: [], queue: []};
    this.layouts = [];
    this.history = new Map();       // id → History
    this.cards = new Map();         // id → {el, meter, quality, chart}
    this.previewReceiver = null;    // null: the room's main view
    this.previewCount = 0;
    this.closed = false;

    this.header = h('section', {class: 'room-header', 'data-test': 'room-header'});
    this.pointsTitle = h('h2', {});
    this.pointsList = h('div', {class: 'points', 'data-test': 'points'});
    this.queue = h('section', {class: 'panel queue', 'data-test': 'floor-queue'});
    this.tiles = new TilePanel(this);
    this.previewImg = h('img', {class: 'preview', alt: '', 'data-test': 'preview'});
    this.previewTitle = h('h2', {});
    this.previewNote = h('p', {class: 'hint'});
    this.streamNote = h('p', {class: 'notice', hidden: true}, t('board.live_lost'));
    const preview = h('section', {class: 'panel', 'data-test': 'preview-panel'}, this.previewTitle,
                      h('div', {class: 'preview-frame'}, this.previewImg), this.previewNote);
    view.append(this.header, this.streamNote,
                h('div', {class: 'board'},
                  h('section', {class: 'points-column'}, this.pointsTitle, this.pointsList),
                  h('aside', {class: 'side-column'}, this.queue, preview, this.tiles.el)));
    this.previewImg.addEventListener('load', () => this.previewLoaded(true));
    this.previewImg.addEventListener('error', () => this.previewLoaded(false));
  }

  async load() {
    const base = `/api/v1/rooms/${this.number}`;
    const [room, participants, floor, layouts] = await Promise.all([
      get(`${base}/live`), get(`${base}/participants`), get(`${base}/floor`),
      this.layouts.length ? this.layouts : get('/api/v1/layouts')]);
    if (this.closed) return;
    this.layouts = layouts;
    this.participants = new Map(participants.map((p) => [p.id, p]));
    for (const p of participants) this.record(p.id, p.stats);
    this.floor = floor;
    this.applyRoom(room);
    this.renderAll();
    if (!this.events) {
      this.events = new LiveEvents(this.number, {
        participant: (p) => this.upsert(p),
        participant_left: ({id}) => this.remove(id),
        audio_levels: ({levels}) => this.levels(levels),
        floor: (f) => this.applyFloor(f),
        stats: ({participants: list}) => this.stats(list),
        room: (r) => { this.applyRoom(r); },
        meeting: () => this.reload(),
        resync: () => this.reload(),
        connection: (ok) => { this.streamNote.hidden = ok; },
      });
      this.schedulePreview(0);
    }
  }

  reload() { this.load().catch((e) => toast(e.message, 'error')); }

  close() {
    this.closed = true;
    this.events?.close();
    clearTimeout(this.previewTimer);
  }

  // --- state from the API and the events ---
  applyRoom(room) {
    this.room = room;
    if (room.floor) this.floor = room.floor;
    this.renderHeader();
    this.renderQueue();
    this.tiles.render();
  }

  applyFloor(floor) {
    this.floor = floor;
    this.renderQueue();
  }

  upsert(p) {
    const old = this.participants.get(p.id);
    this.participants.set(p.id, p);
    if (!old) this.record(p.id, p.stats);
    this.renderPoints();
    this.renderQueue();
  }

  remove(id) {
    this.participants.delete(id);
    this.history.delete(id);
    if (this.previewReceiver === id) this.previewReceiver = null;
    this.renderPoints();
    this.renderQueue();
  }

  levels(levels) {
    for (const {id, dbov} of levels || []) {
      const card = this.cards.get(id);
      if (!card) continue;
      const percent = levelPercent(dbov);
      card.meter.style.width = `${percent}%`;
      card.meter.parentElement.dataset.level = String(Math.round(dbov));
    }
  }

  record(id, stats) {
    if (!stats) return;
    let history = this.history.get(id);
    if (!history) this.history.set(id, history = new History());
    history.push('bitrate', stats.rx_bitrate_kbps);
    history.push('loss', stats.rx_loss_pct);
    history.push('jitter', stats.jitter_ms);
  }

  stats(list) {
    for (const {id, stats} of list || []) {
      const p = this.participants.get(id);
      if (!p) continue;
      p.stats = stats;
      this.record(id, stats);
      const card = this.cards.get(id);
      if (card) {
        replace(card.quality, quality(stats));
        this.drawChart(id, card.chart);
      }
    }
  }

  // --- rendering ---
  renderAll() {
    this.renderHeader();
    this.renderPoints();
    this.renderQueue();
    this.tiles.render();
    this.renderPreviewTitle();
  }

  renderHeader() {
    const room = this.room;
    if (!room) return;
    const roomPicker = this.rooms.length > 1
      ? h('select', {'data-test': 'room-select', onchange: (e) => go(`#/board/${e.target.value}`)},
          this.rooms.map((r) => h('option', {value: r.number, selected: r.number === this.number}, r.number)))
      : h('strong', {}, room.number);
    const actions = [];
    if (this.control) {
      if (room.phase === 'idle') {
        actions.push(button('board.start_test', () => this.act(post(this.path('/meeting'), {phase: 'test'})), 'start-test'),
                     button('board.start_live', () => this.act(post(this.path('/meeting'), {phase: 'live'})), 'start-live'));
      } else {
        actions.push(button('board.end_meeting', () => {
          if (confirm(t('board.end_confirm', {room: room.number}))) this.act(del(this.path('/meeting')));
        }, 'end-meeting'));
      }
      actions.push(button(room.locked ? 'board.unlock' : 'board.lock',
                          () => this.act(put(this.path('/lock'), {locked: !room.locked})), 'lock'),
                   button('board.dial_all', () => this.act(post(this.path('/participants'), {all_members: true}),
                                                           (r) => toast(t('board.dialled', {count: r.dialled.length}))),
                          'dial-all'));
    }
    const uri = h('input', {name: 'uri', placeholder: 'sip:diem-cau@10.0.0.1', 'aria-label': t('board.dial_uri')});
    const dial = this.control
      ? h('form', {class: 'inline', onsubmit: (e) => {
          e.preventDefault();
          this.act(post(this.path('/participants'), {uri: uri.value.trim()}), () => { uri.value = ''; });
        }}, uri, h('button', {type: 'submit'}, t('board.dial')))
      : null;
    replace(this.header,
            h('div', {class: 'room-title'}, h('span', {class: 'muted'}, t('board.room')), roomPicker,
              h('span', {class: `badge phase-${room.phase}`, 'data-test': 'room-phase'}, t(`board.phase.${room.phase}`)),
              h('span', {class: 'badge'}, t(`board.mode.${room.mode}`)),
              room.locked ? h('span', {class: 'badge warn'}, t('board.locked')) : null),
            h('div', {class: 'room-actions'}, actions, dial));
  }

  renderPoints() {
    const list = [...this.participants.values()].sort((a, b) =>
      (a.role === 'chair' ? -1 : 0) - (b.role === 'chair' ? -1 : 0) || a.name.localeCompare(b.name, 'vi'));
    this.pointsTitle.textContent = t('board.points', {count: list.length});
    this.cards.clear();
    replace(this.pointsList, list.length ? list.map((p) => this.card(p)) : h('p', {class: 'muted'}, t('board.no_points')));
    for (const p of list) this.drawChart(p.id, this.cards.get(p.id).chart);
    this.tiles.render();
  }

  card(p) {
    const lost = LOST_STATES.has(p.state);
    const meter = h('span', {class: 'meter-fill'});
    const quality = h('div', {class: 'quality'}, qualityOf(p));
    const chart = h('canvas', {class: 'chart', width: 220, height: 36, 'aria-hidden': 'true'});
    const el = h('article', {class: `point state-${p.state} ${p.floor ? 'holding' : ''} ${lost ? 'lost' : ''}`,
                             dataset: {id: p.id, state: p.state, floor: p.floor_state}, 'data-test': 'point'},
                 h('header', {},
                   h('strong', {class: 'name'}, p.name),
                   h('span', {class: `badge ${p.role}`}, t(`role.${p.role}`)),
                   h('span', {class: `badge state ${lost ? 'bad' : p.state === 'connected' ? 'good' : ''}`,
                              'data-test': 'point-state'}, t(`state.${p.state}`)),
                   p.floor_state !== 'none'
                     ? h('span', {class: `badge floor-${p.floor_state}`, 'data-test': 'point-floor'}, t(`floor.${p.floor_state}`))
                     : null,
                   p.muted ? h('span', {class: 'badge muted-mic'}, t('badge.muted')) : null,
                   p.video_stopped ? h('span', {class: 'badge'}, t('badge.video_off')) : null),
                 h('div', {class: 'uri muted'}, p.uri),
                 h('div', {class: 'meter', title: t('stats.level')}, meter),
                 quality, chart,
                 this.control ? h('div', {class: 'actions'}, this.pointActions(p, lost)) : null);
    this.cards.set(p.id, {el, meter, quality, chart});
    return el;
  }

  pointActions(p, lost) {
    const one = this.path(`/participants/${p.id}`);
    const out = [];
    if (lost) {
      out.push(button('act.reconnect', () => this.act(post(this.path('/participants'),
                                                            p.point ? {point: p.point} : {uri: p.uri})), 'reconnect', p.id));
    } else {
      out.push(button(p.muted ? 'act.unmute' : 'act.mute', () => this.act(patch(one, {muted: !p.muted})), 'mute', p.id),
               button(p.video_stopped ? 'act.video_on' : 'act.video_off',
                      () => this.act(patch(one, {video_stopped: !p.video_stopped})), 'video', p.id));
      if (p.role !== 'chair') {
        if (p.floor_state === 'holding') {
          out.push(button('act.revoke', () => this.act(del(this.path(`/floor/${p.id}`))), 'revoke', p.id));
        } else {
          out.push(button('act.grant', () => this.act(post(this.path('/floor'), {participant: p.id})), 'grant', p.id));
          if (p.floor_state === 'none') {
            out.push(button('act.request', () => this.act(post(this.path('/floor/requests'), {participant: p.id})),
                            'request', p.id));
          }
        }
      }
      out.push(button('act.loopback', () => this.act(post(`${one}/loopback`)), 'loopback', p.id));
    }
    out.push(button('act.preview', () => this.showPreviewOf(p.id), 'preview', p.id),
             button('act.disconnect', () => {
               if (confirm(t('act.disconnect_confirm', {name: p.name}))) this.act(del(one));
             }, 'disconnect', p.id, 'danger'));
    return out;
  }

  drawChart(id, canvas) {
    const history = this.history.get(id);
    if (!history) return;
    drawChart(canvas, [{values: history.get('bitrate'), color: '#0b5cad', min_max: 100},
                       {values: history.get('loss'), color: '#c0392b', min_max: 5},
                       {values: history.get('jitter'), color: '#d68910', min_max: 30}]);
  }

  renderQueue() {
    const name = (id) => this.participants.get(id)?.name ?? `#${id}`;
    const holders = this.floor.holders.map((id) =>
      h('li', {dataset: {participant: id}}, h('span', {class: 'name'}, name(id)),
        this.control ? button('act.revoke', () => this.act(del(this.path(`/floor/${id}`))), 'queue-revoke', id) : null));
    const queue = this.floor.queue.map(({participant, requested_at: at}) =>
      h('li', {dataset: {participant}}, h('span', {class: 'name'}, name(participant)),
        h('small', {class: 'muted'}, t('board.waiting', {time: formatTime(at, false)})),
        this.control ? [button('act.grant', () => this.act(post(this.path('/floor'), {participant})), 'queue-grant',
                               participant, 'primary'),
                        button('act.cancel_request', () => this.act(del(this.path(`/floor/requests/${participant}`))),
                               'queue-cancel', participant)] : null));
    replace(this.queue, h('h2', {}, t('board.queue'), h('span', {class: 'count'}, String(queue.length))),
            queue.length ? h('ol', {'data-test': 'queue-list'}, queue) : h('p', {class: 'muted'}, t('board.queue_empty')),
            holders.length ? [h('h3', {}, t('board.holders')), h('ul', {'data-test': 'holders'}, holders)] : null);
  }

  // --- preview: one JPEG about once a second, the next asked only when the last arrived ---
  showPreviewOf(id) {
    this.previewReceiver = this.previewReceiver === id ? null : id;
    this.renderPreviewTitle();
    clearTimeout(this.previewTimer);
    this.schedulePreview(0);
  }

  renderPreviewTitle() {
    const p = this.previewReceiver === null ? null : this.participants.get(this.previewReceiver);
    this.previewTitle.textContent = p ? t('board.preview_of', {name: p.name}) : t('board.preview_room');
  }

  schedulePreview(delay) {
    if (this.closed) return;
    this.previewTimer = setTimeout(() => {
      const receiver = this.previewReceiver === null ? '' : `participant=${this.previewReceiver}&`;
      // A fresh URL each time: an <img> may reuse its document's decoded image for a URL
      // it has seen, whatever the Cache-Control says.
      this.previewImg.src = `/api/v1/rooms/${this.number}/preview.jpg?${receiver}n=${++this.previewCount}`;
    }, delay);
  }

  previewLoaded(ok) {
    this.previewImg.classList.toggle('missing', !ok);
    this.previewImg.dataset.frames = String(Number(this.previewImg.dataset.frames || 0) + (ok ? 1 : 0));
    this.previewNote.textContent = ok ? '' : t('board.preview_none');
    this.schedulePreview(ok ? PREVIEW_PERIOD_MS : 5 * PREVIEW_PERIOD_MS);
  }

  // --- helpers ---
  path(suffix) { return `/api/v1/rooms/${this.number}${suffix}`; }

  act(promise, then) {
    promise.then((result) => {
      then?.(result);
      // Changes also arrive as events; re-reading keeps an engine that sends few events honest.
      this.reload();
    }, (e) => toast(e.message, 'error'));
  }
}

function button(label, onclick, action, id, kind = '') {
  return h('button', {type: 'button', class: kind, onclick, 'data-action': action,
                      dataset: id === undefined ? {} : {id}}, t(label));
}

function qualityOf(p) { return quality(p.stats || {}); }

function quality(s) {
  return [
    h('span', {title: t('stats.loss')}, `${t('stats.loss')} ${formatNumber(s.rx_loss_pct, 1)} %`),
    h('span', {title: t('stats.jitter')}, `${t('stats.jitter')} ${formatNumber(s.jitter_ms, 1)} ms`),
    h('span', {title: t('stats.bitrate')}, `${formatNumber(s.rx_bitrate_kbps)} kb/s`),
    h('span', {class: 'minor'}, `${t('stats.rtt')} ${formatNumber(s.rtt_ms)} ms`),
    h('span', {class: 'minor'}, `${t('stats.tx')} ${formatNumber(s.tx_bitrate_kbps)} kb/s`),
    s.policer_drops ? h('span', {class: 'minor warn'}, `${t('stats.drops')} ${formatNumber(s.policer_drops)}`) : null,
    s.freezes ? h('span', {class: 'minor warn'}, `${t('stats.freezes')} ${formatNumber(s.freezes)}`) : null,
  ];
}
