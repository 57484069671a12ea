// The layout picker and the seating plan: the current layout's tiles drawn from the same
// geometry the mixer composes with (GET /api/v1/layouts), points dragged onto tiles
// (PUT /api/v1/rooms/{n}/layout {"tiles"} → LiveControl::SetTilePositions). Dropping on an
// occupied tile swaps the two points; dropping on "not placed" takes a point out of the plan.

import {put} from '../api.js';
import {h, replace, toast} from '../dom.js';
import {t} from '../i18n.js';

// The tiles of a live state's layout: a built-in name looked up in `layouts`, or an
// operator layout object carried in the state itself.
export function layoutTiles(layout, layouts) {
  if (layout && typeof layout === 'object') return layout.tiles || [];
  return (layouts.find((l) => l.name === layout) || {tiles: []}).tiles;
}

// The new plan after moving `id` to `tile` (null: out of the plan).
export function movePlan(participants, id, tile) {
  const plan = new Map();  // tile → participant
  for (const p of participants) if (p.tile !== null && p.tile !== undefined) plan.set(p.tile, p.id);
  const from = [...plan].find(([, pid]) => pid === id)?.[0];
  if (from !== undefined) plan.delete(from);
  if (tile !== null) {
    const other = plan.get(tile);
    if (other !== undefined && from !== undefined) plan.set(from, other);
    plan.set(tile, id);
  }
  return [...plan].map(([tileIndex, participant]) => ({participant, tile: tileIndex}));
}

export class TilePanel {
  constructor(board) {
    this.board = board;
    this.select = h('select', {'data-test': 'layout-select', onchange: () => this.setLayout(this.select.value)});
    this.canvas = h('div', {class: 'tile-canvas', 'data-test': 'tile-canvas'});
    this.unplaced = h('div', {class: 'unplaced', 'data-test': 'unplaced'});
    this.dropTarget(this.unplaced, null);
    this.el = h('section', {class: 'panel', 'data-test': 'layout-panel'},
                h('h2', {}, t('board.layout')), this.select, this.canvas,
                h('p', {class: 'hint'}, t('board.tiles_hint')),
                h('h3', {}, t('board.unplaced')), this.unplaced);
  }

  async setLayout(name) {
    try {
      this.board.applyRoom(await put(`/api/v1/rooms/${this.board.number}/layout`, {layout: name}));
    } catch (e) {
      toast(e.message, 'error');
      this.render();
    }
  }

  async place(id, tile) {
    const plan = movePlan(this.board.participants.values(), id, tile);
    try {
      await put(`/api/v1/rooms/${this.board.number}/layout`, {tiles: plan});
      // The engine answers with the room; the participants' tiles arrive as events. Show
      // the plan now so the drop does not flick back while they travel.
      for (const p of this.board.participants.values()) {
        const placed = plan.find((a) => a.participant === p.id);
        p.tile = placed ? placed.tile : null;
      }
      this.board.renderPoints();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  dropTarget(el, tile) {
    el.addEventListener('dragover', (e) => {
      if (!this.board.control) return;
      e.preventDefault();
      el.classList.add('drop');
    });
    el.addEventListener('dragleave', () => el.classList.remove('drop'));
    el.addEventListener('drop', (e) => {
      e.preventDefault();
      el.classList.remove('drop');
      const id = Number(e.dataTransfer.getData('text/x-participant'));
      if (Number.isInteger(id)) this.place(id, tile);
    });
  }

  chip(p) {
    const chip = h('span', {class: `chip ${p.floor ? 'holding' : ''}`, draggable: this.board.control ? 'true' : 'false',
                            dataset: {participant: p.id}, title: p.uri}, p.name);
    chip.addEventListener('dragstart', (e) => {
      e.dataTransfer.setData('text/x-participant', String(p.id));
      e.dataTransfer.effectAllowed = 'move';
    });
    return chip;
  }

  render() {
    const {room, layouts} = this.board;
    if (!room) return;
    const current = typeof room.layout === 'string' ? room.layout : room.layout?.name || '';
    const names = layouts.map((l) => l.name);
    if (current && !names.includes(current)) names.push(current);
    replace(this.select, names.map((name) => h('option', {value: name, selected: name === current}, name)));
    this.select.disabled = !this.board.control;

    const tiles = layoutTiles(room.layout, layouts);
    const byTile = new Map();
    const unplaced = [];
    for (const p of this.board.participants.values()) {
      if (p.tile !== null && p.tile !== undefined && p.tile < tiles.length) byTile.set(p.tile, p);
      else unplaced.push(p);
    }
    replace(this.canvas, tiles.map((tile, index) => {
      const el = h('div', {class: `tile ${tile.main ? 'main' : ''} ${tile.overlay ? 'overlay' : ''}`,
                           dataset: {tile: index}}, h('span', {class: 'tile-index'}, String(index + 1)),
                   byTile.has(index) ? this.chip(byTile.get(index)) : null);
      el.style.left = `${tile.x * 100}%`;
      el.style.top = `${tile.y * 100}%`;
      el.style.width = `${tile.w * 100}%`;
      el.style.height = `${tile.h * 100}%`;
      el.style.zIndex = String(tile.z || (tile.overlay ? 1 : 0));
      this.dropTarget(el, index);
      return el;
    }));
    replace(this.unplaced, unplaced.map((p) => this.chip(p)));
  }
}
