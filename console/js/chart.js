// Small history charts on a <canvas> (no library): each series a line scaled to its own
// maximum, newest sample at the right. Used for every point's bitrate, loss and jitter,
// fed by the "stats" events (about one sample a second, the last HISTORY kept).

export const HISTORY = 90;

export class History {
  constructor() { this.series = new Map(); }
  push(name, value) {
    let values = this.series.get(name);
    if (!values) this.series.set(name, values = []);
    values.push(Number.isFinite(value) ? value : 0);
    if (values.length > HISTORY) values.shift();
  }
  get(name) { return this.series.get(name) || []; }
}

// lines: [{values, color, min_max}] drawn on one canvas; min_max keeps a flat line of a
// small value (0.1 % loss) from filling the height.
export function drawChart(canvas, lines) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.strokeStyle = 'rgba(0,0,0,0.08)';
  ctx.beginPath();
  ctx.moveTo(0, height - 0.5);
  ctx.lineTo(width, height - 0.5);
  ctx.stroke();
  const step = width / (HISTORY - 1);
  for (const {values, color, min_max = 1} of lines) {
    if (values.length < 2) continue;
    const max = Math.max(min_max, ...values);
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    values.forEach((v, i) => {
      const x = width - (values.length - 1 - i) * step;
      const y = height - 2 - (v / max) * (height - 4);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }
}
