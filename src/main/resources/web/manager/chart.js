// A small line chart on a canvas: the last 60 values of one series, scaled to its own maximum. No library.

const POINTS = 60;

export class Sparkline {
  /** @param canvas a <canvas>; @param format turns a value into its label */
  constructor(canvas, format) {
    this.canvas = canvas;
    this.format = format;
    this.values = [];
  }

  push(value) {
    this.values.push(value);
    if (this.values.length > POINTS) this.values.shift();
    this.draw();
  }

  draw() {
    const c = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const w = c.clientWidth || 240;
    const h = c.clientHeight || 70;
    c.width = Math.round(w * ratio);
    c.height = Math.round(h * ratio);
    const g = c.getContext('2d');
    g.scale(ratio, ratio);
    g.clearRect(0, 0, w, h);
    g.strokeStyle = '#dde1e6';
    g.beginPath();
    g.moveTo(0, h - 0.5);
    g.lineTo(w, h - 0.5);
    g.stroke();
    if (this.values.length < 2) return;
    const max = Math.max(...this.values, 1e-9);
    const step = w / (POINTS - 1);
    const x0 = w - step * (this.values.length - 1);
    const y = (v) => h - 2 - (v / max) * (h - 8);
    g.beginPath();
    this.values.forEach((v, i) => (i ? g.lineTo(x0 + i * step, y(v)) : g.moveTo(x0, y(v))));
    g.strokeStyle = '#1f6feb';
    g.lineWidth = 1.5;
    g.stroke();
    g.lineTo(w, h);
    g.lineTo(x0, h);
    g.closePath();
    g.fillStyle = 'rgba(31, 111, 235, 0.12)';
    g.fill();
    g.fillStyle = '#6a7382';
    g.font = '10px system-ui, sans-serif';
    g.fillText(`max ${this.format(max)}`, 4, 10);
  }
}
