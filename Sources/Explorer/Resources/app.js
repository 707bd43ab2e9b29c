// SenseVec explorer page: a canvas map (pan, zoom, hover, click), neighbours, senses, analogies and
// disambiguation, all from the server's JSON API. No libraries, no network access beyond this server.
"use strict";

const $ = (id) => document.getElementById(id);

async function api(path, options) {
  const response = await fetch(path, options);
  let body = null;
  try { body = await response.json(); } catch (e) { body = { error: "the server sent a response that is not JSON" }; }
  if (!response.ok) {
    const error = new Error(body && body.error ? body.error : "HTTP " + response.status);
    error.status = response.status;
    throw error;
  }
  return body;
}

function showError(id, error) {
  const el = $(id);
  if (error) { el.textContent = error.message || String(error); el.hidden = false; }
  else { el.textContent = ""; el.hidden = true; }
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k === "style") node.style.cssText = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

// ---------------------------------------------------------------- the map

const map = {
  canvas: $("map"), ctx: $("map").getContext("2d"),
  points: [],          // {word, sense, label, x, y, stop, meta} in world coordinates
  labelIndex: new Map(),
  byWord: new Map(),   // word -> indices of its points (a sense model's senses)
  scale: 1, offsetX: 0, offsetY: 0,  // screen = world * scale + offset (CSS pixels)
  fitScale: 1,         // the scale at which the whole map fits (zoom 1)
  grid: null,          // spatial grid for hit testing
  highlighted: new Map(), // point index -> "query" | "sense" | "neighbor"
  hover: -1, selected: -1,
  dirty: true,
  bounds: null,
  xs: new Float32Array(0), ys: new Float32Array(0), // world coordinates, for the drawing loop
  colors: new Uint32Array(0), // per point 0xBBGGRR (little-endian RGBA without alpha)
  order: new Int32Array(0),   // label priority: content words by frequency, then function words
  columns: [], colorBy: "kind", legend: [],
  layer: null,         // off-screen canvas: points and labels at one scale (see renderLayer)
  layerImage: null,    // its reused ImageData
  layerView: null,     // the view the layer was drawn for
  placed: [],          // labels placed for the layer's view: {i, dx, dy, w, text, role}
  version: 0,          // bumped when the points, colours or highlights change (the layer must be redrawn)
  lastWheel: -1e9,     // time of the last wheel event: zoom frames reuse the layer until the wheel settles
  stats: { layerMs: 0, frameMs: 0 },
};

// Pixels drawn beyond each side of the view, so that panning reuses the layer.
const LAYER_MARGIN = 320;
// Wheel zoom stretches the layer; it is redrawn sharp once the wheel has been still this long (ms).
const ZOOM_SETTLE_MS = 140;
// Colour-blind-friendly categories (Okabe & Ito), then more distinct hues; grey is "other".
const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#d55e00", "#56b4e9", "#cc79a7", "#8c6d00", "#000000", "#882255",
  "#44aa99", "#117733", "#aa4499"];
const OTHER = "#b4b9bf";
const LABEL_FONT = "12px system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif";
const BOLD_FONT = "bold 13px system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif";

function pointLabel(p, senseCount) {
  return p.sense === undefined || p.sense === null || senseCount < 2 ? p.word : p.word + "#" + p.sense;
}

function hexToInt(hex) {
  const v = parseInt(hex.slice(1), 16);
  return ((v & 0xff) << 16) | (v & 0xff00) | ((v >> 16) & 0xff); // 0xRRGGBB -> little-endian 0xBBGGRR
}

function resizeCanvas() {
  const ratio = window.devicePixelRatio || 1;
  const rect = map.canvas.getBoundingClientRect();
  map.canvas.width = Math.max(1, Math.round(rect.width * ratio));
  map.canvas.height = Math.max(1, Math.round(rect.height * ratio));
  map.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  map.dirty = true;
}

function fitView() {
  if (!map.bounds) return;
  const rect = map.canvas.getBoundingClientRect();
  const b = map.bounds, margin = 40;
  const sx = (rect.width - 2 * margin) / Math.max(1e-9, b.maxX - b.minX);
  const sy = (rect.height - 2 * margin) / Math.max(1e-9, b.maxY - b.minY);
  map.fitScale = map.scale = Math.max(1e-9, Math.min(sx, sy));
  map.offsetX = rect.width / 2 - map.scale * (b.minX + b.maxX) / 2;
  map.offsetY = rect.height / 2 - map.scale * (b.minY + b.maxY) / 2;
  map.dirty = true;
  saveViewSoon();
}

// Zoom `zoom` (1 = the whole map) centred on world point (cx, cy).
function setView(zoom, cx, cy) {
  const v = viewSize();
  map.scale = map.fitScale * zoom;
  map.offsetX = v.w / 2 - cx * map.scale;
  map.offsetY = v.h / 2 - cy * map.scale;
  map.dirty = true;
}

// A uniform grid over the world bounds: each cell lists the points inside it, so a hit test looks at the
// cells around the cursor only (constant time for 100,000 points).
function buildGrid() {
  const b = map.bounds, n = map.points.length;
  const cells = Math.max(1, Math.min(512, Math.ceil(Math.sqrt(n / 4))));
  const cellW = (b.maxX - b.minX) / cells || 1, cellH = (b.maxY - b.minY) / cells || 1;
  const buckets = new Array(cells * cells);
  for (let i = 0; i < n; i++) {
    const p = map.points[i];
    const cx = Math.min(cells - 1, Math.floor((p.x - b.minX) / cellW));
    const cy = Math.min(cells - 1, Math.floor((p.y - b.minY) / cellH));
    const key = cy * cells + cx;
    (buckets[key] || (buckets[key] = [])).push(i);
  }
  map.grid = { cells, cellW, cellH, buckets };
}

function hitTest(sx, sy) {
  if (!map.grid) return -1;
  const g = map.grid, b = map.bounds;
  const wx = (sx - map.offsetX) / map.scale, wy = (sy - map.offsetY) / map.scale;
  const radius = Math.max(6, pointRadius() + 2) / map.scale; // CSS pixels in world units
  const x0 = Math.max(0, Math.floor((wx - radius - b.minX) / g.cellW));
  const x1 = Math.min(g.cells - 1, Math.floor((wx + radius - b.minX) / g.cellW));
  const y0 = Math.max(0, Math.floor((wy - radius - b.minY) / g.cellH));
  const y1 = Math.min(g.cells - 1, Math.floor((wy + radius - b.minY) / g.cellH));
  let best = -1, bestD = radius * radius;
  for (let cy = y0; cy <= y1; cy++) {
    for (let cx = x0; cx <= x1; cx++) {
      const bucket = g.buckets[cy * g.cells + cx];
      if (!bucket) continue;
      for (const i of bucket) {
        const p = map.points[i], dx = p.x - wx, dy = p.y - wy, d = dx * dx + dy * dy;
        if (d <= bestD) { bestD = d; best = i; }
      }
    }
  }
  return best;
}

// Point radius in CSS pixels: small when many points share the screen, growing as the user zooms in
// (with the square root of the zoom), so points read as dots when zoomed out and as discs when zoomed in.
function pointRadius() {
  const n = Math.max(1, map.points.length);
  const base = n > 50000 ? 1.1 : n > 20000 ? 1.4 : n > 2000 ? 2.2 : 3.2;
  const zoom = Math.max(1, map.scale / map.fitScale);
  return Math.min(7, base * Math.sqrt(zoom));
}

// ------------------------------------------------ colours

function isNumber(v) { return v !== "" && Number.isFinite(Number(v)); }

// Colours for the current "colour by" choice, and the legend entries [{name, color, count}].
function computeColors() {
  const n = map.points.length, colors = new Uint32Array(n);
  let legend = [];
  const column = map.columns.indexOf(map.colorBy);
  if (column < 0) {
    // Kind: content words, senses of multi-sense content words, function words.
    const kinds = [["word", "#2f7dd1"], ["sense of a multi-sense word", "#d55e00"], ["function word", "#b4b9bf"]];
    const counts = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const p = map.points[i];
      const k = p.stop ? 2 : (map.byWord.get(p.word).length > 1 ? 1 : 0);
      counts[k]++;
      colors[i] = hexToInt(kinds[k][1]);
    }
    legend = kinds.map((k, j) => ({ name: k[0], color: k[1], count: counts[j] })).filter((e) => e.count > 0);
  } else {
    const values = map.points.map((p) => (p.meta ? p.meta[column] : ""));
    const present = values.filter((v) => v !== "");
    if (present.length > 0 && present.every(isNumber) && new Set(present).size > PALETTE.length) {
      // Numbers: a sequential ramp from light to dark.
      let lo = Infinity, hi = -Infinity;
      for (const v of present) { lo = Math.min(lo, +v); hi = Math.max(hi, +v); }
      const ramp = (t) => {
        const a = [253, 231, 37], b = [68, 1, 84]; // yellow -> dark purple
        const c = a.map((x, j) => Math.round(x + (b[j] - x) * t));
        return "#" + c.map((x) => x.toString(16).padStart(2, "0")).join("");
      };
      for (let i = 0; i < n; i++) {
        colors[i] = hexToInt(values[i] === "" ? OTHER : ramp((+values[i] - lo) / Math.max(1e-12, hi - lo)));
      }
      legend = [{ name: map.colorBy + " " + lo, color: ramp(0), count: 0 }, { name: map.colorBy + " " + hi, color: ramp(1), count: 0 }];
    } else {
      // Categories: the most common values get palette colours, the rest grey.
      const counts = new Map();
      for (const v of values) counts.set(v, (counts.get(v) || 0) + 1);
      const top = [...counts.entries()].filter((e) => e[0] !== "").sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, PALETTE.length);
      const color = new Map(top.map((e, j) => [e[0], PALETTE[j]]));
      for (let i = 0; i < n; i++) colors[i] = hexToInt(color.get(values[i]) || OTHER);
      legend = top.map((e, j) => ({ name: e[0], color: PALETTE[j], count: e[1] }));
      const rest = n - top.reduce((a, e) => a + e[1], 0);
      if (rest > 0) legend.push({ name: "other", color: OTHER, count: rest });
    }
  }
  map.colors = colors;
  map.legend = legend;
  renderLegend();
  map.version++;
  map.dirty = true;
}

function renderLegend() {
  const box = $("map-legend");
  box.replaceChildren(...map.legend.map((e) => el("div", { class: "legend-entry", "data-value": e.name },
    el("span", { class: "swatch", style: "background:" + e.color }), e.name + (e.count ? " (" + e.count + ")" : ""))));
}

// ------------------------------------------------ labels

// Greedy label placement without overlaps, in screen space (CSS pixels relative to the layer's view):
// labels are tried in priority order (the searched word, its senses, its neighbours, then visible points with
// content words before function words), each at four spots around its point; the first spot that stays in the
// view and touches no placed label and no labelled point wins; for the searched word, its senses and neighbours,
// spots further out (joined by a line) are tried too. A uniform grid keeps each test cheap.
function placeLabels(view) {
  const ctx = map.ctx, cell = 64, grid = new Map(), placed = [], boxes = [];
  const key = (x, y) => x * 100003 + y;
  const cellsOf = (b) => {
    const out = [];
    for (let y = Math.floor(b.y / cell); y <= Math.floor((b.y + b.h) / cell); y++)
      for (let x = Math.floor(b.x / cell); x <= Math.floor((b.x + b.w) / cell); x++) out.push(key(x, y));
    return out;
  };
  const free = (b) => {
    if (b.x < 2 || b.y < 2 || b.x + b.w > view.w - 2 || b.y + b.h > view.h - 2) return false;
    for (const c of cellsOf(b)) {
      const list = grid.get(c);
      if (!list) continue;
      for (const j of list) {
        const o = boxes[j];
        if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return false;
      }
    }
    return true;
  };
  const add = (b) => { boxes.push(b); for (const c of cellsOf(b)) { const l = grid.get(c); if (l) l.push(boxes.length - 1); else grid.set(c, [boxes.length - 1]); } };
  const s = map.scale, r = pointRadius();
  const screen = (i) => ({ x: map.xs[i] * s + map.offsetX, y: map.ys[i] * s + map.offsetY });
  const widths = new Map();
  const measure = (text, bold) => {
    const k = (bold ? "b:" : "") + text;
    let w = widths.get(k);
    if (w === undefined) { ctx.font = bold ? BOLD_FONT : LABEL_FONT; w = ctx.measureText(text).width; widths.set(k, w); }
    return w;
  };
  // Highlighted points are obstacles for every label.
  for (const [i] of map.highlighted) { const p = screen(i); add({ x: p.x - r - 1, y: p.y - r - 1, w: 2 * r + 2, h: 2 * r + 2, point: i }); }
  const tryPlace = (i, role, far) => {
    const p = screen(i);
    if (p.x < 0 || p.y < 0 || p.x > view.w || p.y > view.h) return false;
    const bold = role === "query", text = map.points[i].label, w = measure(text, bold), h = bold ? 15 : 14, g = r + 3;
    const spots = [[g, -h / 2], [-g - w, -h / 2], [-w / 2, -g - h], [-w / 2, g]];
    if (far) {
      for (let d = g + 14; d <= g + 110; d += 16)
        for (let a = 0; a < 16; a++) {
          const c = Math.cos(a * Math.PI / 8), sn = Math.sin(a * Math.PI / 8);
          const qx = d * c, qy = d * sn;
          spots.push([c > 0.3 ? qx : c < -0.3 ? qx - w : qx - w / 2, sn > 0.3 ? qy : sn < -0.3 ? qy - h : qy - h / 2]);
        }
    }
    for (let k = 0; k < spots.length; k++) {
      const b = { x: p.x + spots[k][0], y: p.y + spots[k][1], w, h };
      if (!free(b)) continue;
      add(b);
      placed.push({ i, dx: spots[k][0], dy: spots[k][1], w, h, text, role, leader: k >= 4 });
      return true;
    }
    return false;
  };
  const roles = { query: 0, sense: 1, neighbor: 2 };
  const focus = [...map.highlighted.entries()].sort((a, b) => roles[a[1]] - roles[b[1]]);
  for (const [i, role] of focus) tryPlace(i, role, true);
  // The rest: visible points by priority, until the budget or the tries run out.
  const budget = Math.min(350, Math.max(40, Math.round(view.w * view.h / 2500)));
  let tries = 0, count = 0;
  for (let k = 0; k < map.order.length && count < budget && tries < 6000; k++) {
    const i = map.order[k];
    if (map.highlighted.has(i)) continue;
    const p = screen(i);
    if (p.x < 0 || p.y < 0 || p.x > view.w || p.y > view.h) continue;
    tries++;
    if (tryPlace(i, "plain", false)) count++;
  }
  return placed;
}

// Count of overlapping label pairs (0 by construction; published for the browser tests).
function overlaps(placed) {
  let n = 0;
  for (let a = 0; a < placed.length; a++) {
    const A = placed[a], pa = { x: map.xs[A.i] * map.scale + map.offsetX + A.dx, y: map.ys[A.i] * map.scale + map.offsetY + A.dy };
    for (let b = a + 1; b < placed.length; b++) {
      const B = placed[b], pb = { x: map.xs[B.i] * map.scale + map.offsetX + B.dx, y: map.ys[B.i] * map.scale + map.offsetY + B.dy };
      if (pa.x < pb.x + B.w && pb.x < pa.x + A.w && pa.y < pb.y + B.h && pb.y < pa.y + A.h) n++;
    }
  }
  return n;
}

// ------------------------------------------------ drawing

// Drawing is split in two (so that 100,000 points stay smooth):
// - the layer (renderLayer): every point as an anti-aliased disc stamped straight into an ImageData pixel
//   buffer (no path building, no per-point canvas call), plus the plain labels, for the view and a margin around
//   it, in an off-screen canvas. It is redrawn only when the points, colours or highlights change, the zoom
//   settles at a new scale, or a pan leaves the margin;
// - the frame (draw): one drawImage of the layer (shifted for a pan, stretched during a wheel zoom), then the
//   lines joining the searched word to its senses and neighbours, the highlighted points and their labels, and
//   the hover ring. Hover and pan frames cost the same with 100,000 points as with 500.
// Frames are drawn only when something changed (requestAnimationFrame + a dirty flag).
function draw() {
  requestAnimationFrame(draw);
  if (!map.dirty) return;
  map.dirty = false;
  renderFrame();
  // The last frame's drawing time, for people and benchmarks to read (data-draw-ms on the canvas).
  map.canvas.dataset.drawMs = map.stats.frameMs.toFixed(2);
  map.canvas.dataset.layerMs = map.stats.layerMs.toFixed(2);
  map.canvas.dataset.points = String(map.points.length);
}

function viewSize() {
  const rect = map.canvas.getBoundingClientRect();
  return { w: rect.width, h: rect.height };
}

// Whether the layer can serve the current view: same data, same size, and (at the layer's scale) the view
// still inside its margin, or (during a wheel zoom) any scale.
function layerUsable(now) {
  const L = map.layerView, v = viewSize();
  if (!L || L.version !== map.version || L.w !== v.w || L.h !== v.h) return false;
  if (map.scale !== L.scale) return now - map.lastWheel < ZOOM_SETTLE_MS;
  return Math.abs(map.offsetX - L.offsetX) < LAYER_MARGIN - 4 && Math.abs(map.offsetY - L.offsetY) < LAYER_MARGIN - 4;
}

// Coverage of a disc of radius r centred in a (2R+1)² stamp at sub-pixel offset (fx, fy): 1 inside, a
// one-pixel ramp at the edge (the distance from each pixel centre to the circle).
function discStamp(r, fx, fy) {
  const R = Math.ceil(r + 1), size = 2 * R + 1, cov = new Float32Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const dx = x - R + 0.5 - fx, dy = y - R + 0.5 - fy;
      cov[y * size + x] = Math.max(0, Math.min(1, r + 0.5 - Math.sqrt(dx * dx + dy * dy)));
    }
  return { R, size, cov };
}

function renderLayer() {
  const started = performance.now();
  const ratio = window.devicePixelRatio || 1, v = viewSize(), m = LAYER_MARGIN;
  const W = Math.max(1, Math.ceil((v.w + 2 * m) * ratio)), H = Math.max(1, Math.ceil((v.h + 2 * m) * ratio));
  if (!map.layer) map.layer = document.createElement("canvas");
  const layer = map.layer;
  if (layer.width !== W || layer.height !== H) { layer.width = W; layer.height = H; map.layerImage = null; }
  const lctx = layer.getContext("2d");
  if (!map.layerImage) map.layerImage = lctx.createImageData(W, H);
  const image = map.layerImage;
  const px = new Uint32Array(image.data.buffer);
  px.fill(0);
  const n = map.points.length, xs = map.xs, ys = map.ys, colors = map.colors;
  const s = map.scale * ratio, ox = (map.offsetX + m) * ratio, oy = (map.offsetY + m) * ratio;
  const r = pointRadius() * ratio, opacity = n > 50000 ? 0.6 : n > 5000 ? 0.7 : 0.8;
  // Stamps at four sub-pixel offsets per axis, so discs sit where they belong.
  const stamps = [];
  for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) stamps.push(discStamp(r, sx / 4, sy / 4));
  const R = stamps[0].R, size = stamps[0].size;
  // Points are drawn least frequent first, so frequent words end up on top. "Over" blending of straight-alpha
  // RGBA into the buffer, in integers.
  for (let i = n - 1; i >= 0; i--) {
    const fxp = xs[i] * s + ox, fyp = ys[i] * s + oy;
    const x0 = Math.floor(fxp), y0 = Math.floor(fyp);
    if (x0 - R < 0 || y0 - R < 0 || x0 + R >= W || y0 + R >= H) continue;
    const st = stamps[((fyp - y0) * 4 | 0) * 4 + ((fxp - x0) * 4 | 0)], cov = st.cov;
    const c = colors[i], cr = c & 255, cg = (c >> 8) & 255, cb = (c >> 16) & 255;
    for (let dy = 0; dy < size; dy++) {
      let k = (y0 - R + dy) * W + (x0 - R), t = dy * size;
      for (let dx = 0; dx < size; dx++, k++, t++) {
        const a = cov[t] * opacity;
        if (a <= 0) continue;
        const d = px[k], da = (d >>> 24) / 255;
        const oa = a + da * (1 - a);
        const f = da * (1 - a);
        const rr = (cr * a + (d & 255) * f) / oa, gg = (cg * a + ((d >> 8) & 255) * f) / oa, bb = (cb * a + ((d >> 16) & 255) * f) / oa;
        px[k] = ((Math.round(oa * 255) << 24) | (Math.round(bb) << 16) | (Math.round(gg) << 8) | Math.round(rr)) >>> 0;
      }
    }
  }
  lctx.setTransform(1, 0, 0, 1, 0, 0);
  lctx.putImageData(image, 0, 0);
  // Labels, placed without overlaps for this view; the plain ones go into the layer, the highlighted ones are
  // drawn on every frame (renderFrame).
  map.placed = placeLabels(v);
  lctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  lctx.font = LABEL_FONT;
  lctx.textBaseline = "top";
  lctx.lineJoin = "round";
  for (const L of map.placed) {
    if (L.role !== "plain") continue;
    const x = xs[L.i] * map.scale + map.offsetX + m + L.dx, y = ys[L.i] * map.scale + map.offsetY + m + L.dy;
    lctx.strokeStyle = "rgba(255, 255, 255, 0.85)"; lctx.lineWidth = 3;
    lctx.strokeText(L.text, x, y + 1);
    lctx.fillStyle = map.points[L.i].stop ? "#7a8591" : "#1d232b";
    lctx.fillText(L.text, x, y + 1);
  }
  map.canvas.dataset.labels = map.placed.slice(0, 400).map((L) => L.text).join("\n");
  map.canvas.dataset.labelOverlaps = String(overlaps(map.placed));
  map.canvas.dataset.pointRadius = pointRadius().toFixed(2);
  map.layerView = { scale: map.scale, offsetX: map.offsetX, offsetY: map.offsetY, w: v.w, h: v.h, version: map.version };
  map.stats.layerMs = performance.now() - started;
}

function renderFrame() {
  const started = performance.now();
  const ctx = map.ctx, v = viewSize();
  ctx.clearRect(0, 0, v.w, v.h);
  if (map.points.length === 0) { map.stats.frameMs = performance.now() - started; return; }
  const now = performance.now();
  if (!layerUsable(now)) renderLayer();
  const L = map.layerView, ratio = window.devicePixelRatio || 1;
  // screen = world·scale + offset; layer pixel / ratio = world·L.scale + L.offset + margin.
  const k = map.scale / L.scale;
  const dx = map.offsetX - (L.offsetX + LAYER_MARGIN) * k, dy = map.offsetY - (L.offsetY + LAYER_MARGIN) * k;
  ctx.imageSmoothingEnabled = k !== 1;
  ctx.drawImage(map.layer, dx, dy, map.layer.width / ratio * k, map.layer.height / ratio * k);
  if (k !== 1) setTimeout(() => { map.dirty = true; }, ZOOM_SETTLE_MS + 10); // redraw sharp once the zoom settles
  const s = map.scale, ox = map.offsetX, oy = map.offsetY, r = pointRadius();
  const at = (i) => [map.xs[i] * s + ox, map.ys[i] * s + oy];
  // Lines: the searched word to each of its senses (solid) and to its neighbours (faint).
  let query = -1;
  for (const [i, role] of map.highlighted) if (role === "query") query = i;
  if (query >= 0) {
    const [qx, qy] = at(query);
    for (const [i, role] of map.highlighted) {
      if (i === query) continue;
      const [x, y] = at(i);
      ctx.strokeStyle = role === "sense" ? "rgba(192, 57, 43, 0.85)" : "rgba(230, 126, 34, 0.45)";
      ctx.lineWidth = role === "sense" ? 2 : 1;
      ctx.beginPath(); ctx.moveTo(qx, qy); ctx.lineTo(x, y); ctx.stroke();
    }
  }
  for (const [i, role] of map.highlighted) {
    const [x, y] = at(i);
    ctx.fillStyle = role === "neighbor" ? "#e67e22" : "#c0392b";
    ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.arc(x, y, Math.max(4, r + 1.5) + (role === "query" ? 1.5 : 0), 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
  }
  ctx.textBaseline = "top";
  ctx.lineJoin = "round";
  for (const P of map.placed) {
    if (P.role === "plain") continue;
    const [x, y] = at(P.i);
    if (P.leader) {
      const bx = Math.max(x + P.dx, Math.min(x, x + P.dx + P.w)), by = Math.max(y + P.dy, Math.min(y, y + P.dy + P.h));
      ctx.strokeStyle = "rgba(29, 35, 43, 0.5)"; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(bx, by); ctx.stroke();
    }
    ctx.font = P.role === "query" ? BOLD_FONT : LABEL_FONT;
    ctx.strokeStyle = "rgba(255, 255, 255, 0.9)"; ctx.lineWidth = 3.5;
    ctx.strokeText(P.text, x + P.dx, y + P.dy + 1);
    ctx.fillStyle = P.role === "neighbor" ? "#7a3d00" : "#8e1b10";
    ctx.fillText(P.text, x + P.dx, y + P.dy + 1);
  }
  if (map.hover >= 0) {
    const [x, y] = at(map.hover);
    ctx.strokeStyle = "#1d232b"; ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.arc(x, y, Math.max(6, r + 3), 0, 2 * Math.PI); ctx.stroke();
  }
  map.stats.frameMs = performance.now() - started;
}

// Frame-time benchmark (Benchmarks/explorer/frames.py calls it over the DevTools protocol): for `frames`
// animation frames each of pan, wheel zoom and hover, moves the view as a user would and times each frame's
// drawing; then times full layer redraws (what a settled zoom costs). Resolves to summary statistics in ms.
window.explorerBenchmark = (frames) => new Promise((resolve) => {
  const v = viewSize(), kinds = ["pan", "zoom", "hover"], out = {};
  const summary = (a) => {
    const b = [...a].sort((x, y) => x - y), q = (f) => b[Math.min(b.length - 1, Math.floor(f * b.length))];
    return { n: b.length, median: +q(0.5).toFixed(2), p95: +q(0.95).toFixed(2), max: +b[b.length - 1].toFixed(2) };
  };
  let kind = 0, i = 0, last = null, draws = [], intervals = [];
  function step(ts) {
    if (last !== null) intervals.push(ts - last);
    last = ts;
    const name = kinds[kind];
    if (name === "pan") { map.offsetX += 7; map.offsetY += 3; }
    else if (name === "zoom") {
      const f = i < frames / 2 ? 1.04 : 1 / 1.04, cx = v.w / 2, cy = v.h / 2;
      map.offsetX = cx - (cx - map.offsetX) * f; map.offsetY = cy - (cy - map.offsetY) * f; map.scale *= f;
      map.lastWheel = performance.now();
    } else { map.hover = (i * 7919) % map.points.length; }
    renderFrame();
    draws.push(map.stats.frameMs);
    if (++i >= frames) {
      out[name] = { drawMs: summary(draws), frameIntervalMs: summary(intervals) };
      kind++; i = 0; last = null; draws = []; intervals = [];
      if (kind >= kinds.length) {
        const layers = [];
        for (let r = 0; r < 10; r++) { map.version++; renderLayer(); layers.push(map.stats.layerMs); }
        out.layerRedrawMs = summary(layers);
        out.points = map.points.length;
        out.viewport = [v.w, v.h, window.devicePixelRatio || 1];
        map.hover = -1; fitView();
        resolve(out);
        return;
      }
    }
    requestAnimationFrame(step);
  }
  requestAnimationFrame(step);
});

function setupMapEvents() {
  const c = map.canvas;
  let drag = null;
  c.addEventListener("mousedown", (e) => { drag = { x: e.clientX, y: e.clientY, moved: false }; c.classList.add("dragging"); });
  window.addEventListener("mouseup", (e) => {
    if (!drag) return;
    c.classList.remove("dragging");
    if (!drag.moved) {
      const r = c.getBoundingClientRect();
      const i = hitTest(e.clientX - r.left, e.clientY - r.top);
      if (i >= 0) { map.selected = i; search(map.points[i].label); }
    }
    drag = null;
  });
  window.addEventListener("mousemove", (e) => {
    const r = c.getBoundingClientRect();
    if (drag) {
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
      map.offsetX += dx; map.offsetY += dy; drag.x = e.clientX; drag.y = e.clientY;
      map.dirty = true;
      saveViewSoon();
      return;
    }
    const sx = e.clientX - r.left, sy = e.clientY - r.top;
    if (sx < 0 || sy < 0 || sx > r.width || sy > r.height) return;
    const i = hitTest(sx, sy);
    const tip = $("tooltip");
    if (i !== map.hover) { map.hover = i; map.dirty = true; }
    if (i >= 0) {
      tip.textContent = map.points[i].label;
      tip.style.left = (sx + 12) + "px"; tip.style.top = (sy + 12) + "px";
      tip.hidden = false;
    } else {
      tip.hidden = true;
    }
  });
  c.addEventListener("wheel", (e) => {
    e.preventDefault();
    const r = c.getBoundingClientRect();
    const sx = e.clientX - r.left, sy = e.clientY - r.top;
    const factor = Math.exp(-e.deltaY * 0.0015);
    map.offsetX = sx - (sx - map.offsetX) * factor;
    map.offsetY = sy - (sy - map.offsetY) * factor;
    map.scale *= factor;
    map.lastWheel = performance.now();
    map.dirty = true;
    saveViewSoon();
  }, { passive: false });
  c.addEventListener("dblclick", () => fitView());
  window.addEventListener("resize", () => { resizeCanvas(); });
}

async function loadMap(attempt = 0) {
  try {
    const data = await api("/api/map");
    const byWord = new Map();
    data.points.forEach((p, i) => { const l = byWord.get(p.word); if (l) l.push(i); else byWord.set(p.word, [i]); });
    map.byWord = byWord;
    map.points = data.points.map((p) => ({ word: p.word, sense: p.sense, label: pointLabel(p, byWord.get(p.word).length),
      x: p.x, y: -p.y, stop: !!p.stop, meta: p.meta }));
    map.xs = Float32Array.from(map.points, (p) => p.x);
    map.ys = Float32Array.from(map.points, (p) => p.y);
    // Label priority: content words in frequency order, then function words.
    const order = [];
    map.points.forEach((p, i) => { if (!p.stop) order.push(i); });
    map.points.forEach((p, i) => { if (p.stop) order.push(i); });
    map.order = Int32Array.from(order);
    map.labelIndex = new Map();
    map.points.forEach((p, i) => {
      map.labelIndex.set(p.label, i);
      // word#k finds sense k; a point without a sense index (coordinates from a file) is sense 0.
      map.labelIndex.set(p.word + "#" + (p.sense === undefined || p.sense === null ? 0 : p.sense), i);
      if (!map.labelIndex.has(p.word)) map.labelIndex.set(p.word, i);
    });
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const p of map.points) { minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y); }
    map.bounds = map.points.length ? { minX, minY, maxX, maxY } : { minX: 0, minY: 0, maxX: 1, maxY: 1 };
    map.columns = data.columns || [];
    const select = $("color-by");
    select.replaceChildren(el("option", { value: "kind" }, "kind of word"), ...map.columns.map((c) => el("option", { value: c }, c)));
    if (!map.columns.includes(map.colorBy)) map.colorBy = map.colorBy === "kind" || !map.columns.length ? "kind" : map.columns[0];
    select.value = map.colorBy;
    $("color-by-box").hidden = map.columns.length === 0;
    buildGrid();
    fitView();
    if (pendingView) { setView(pendingView.z, pendingView.x, pendingView.y); pendingView = null; saveViewSoon(); }
    computeColors();
    $("map-status").textContent = "map: " + data.points.length + " points (" + data.method + ")" + (data.note ? " — " + data.note : "");
    highlightCurrent(false);
    map.canvas.dataset.ready = "true";
  } catch (e) {
    $("map-status").textContent = "map: " + e.message;
    // A map still being computed or read (503): try again; the returned promise settles once the map is drawn or
    // can never be, so the page says it is ready only then. A request that did not reach a busy server (no
    // status) is tried again too, 30 times at most.
    const computing = e.status === 503 && !/without a map|could not be computed/.test(e.message);
    const unreached = e.status === undefined && attempt < 30;
    if (computing || unreached) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      return loadMap(attempt + 1);
    }
  }
}

// ---------------------------------------------------------------- the view in the URL

// The page's state lives in the URL's hash (#q=bank&sentence=…&word=…&zoom=2.5&x=…&y=…&color=topic), so a copied
// link reopens the same view. ?q=… (and ?sentence=…&word=…) are read too.
let pendingView = null, saveTimer = null, restoringView = false;

function readState() {
  const state = {};
  for (const source of [window.location.search.slice(1), window.location.hash.slice(1)]) {
    for (const [k, v] of new URLSearchParams(source)) state[k] = v;
  }
  return state;
}

function writeState(changes) {
  const state = readState();
  for (const [k, v] of Object.entries(changes)) { if (v === null || v === undefined || v === "") delete state[k]; else state[k] = String(v); }
  const url = new URL(window.location.href);
  url.search = "";
  url.hash = new URLSearchParams(state).toString();
  window.history.replaceState(null, "", url);
}

function saveViewSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    if (!map.points.length) return;
    const v = viewSize(), cx = (v.w / 2 - map.offsetX) / map.scale, cy = (v.h / 2 - map.offsetY) / map.scale;
    // Data coordinates (y up), as in /api/map.
    writeState({ zoom: +(map.scale / map.fitScale).toPrecision(4), x: +cx.toPrecision(6), y: +(-cy).toPrecision(6) });
  }, 250);
}

// ---------------------------------------------------------------- queries

let current = { word: null, neighbors: [] };

// Marks the searched word, its senses and its neighbours on the map; `center` brings the word into view.
function highlightCurrent(center) {
  map.highlighted = new Map();
  for (const n of current.neighbors) {
    const i = map.labelIndex.get(n.word);
    if (i !== undefined) map.highlighted.set(i, "neighbor");
  }
  const q = current.word === null ? undefined : map.labelIndex.get(current.word);
  if (q !== undefined) {
    for (const i of map.byWord.get(map.points[q].word) || []) map.highlighted.set(i, "sense");
    map.highlighted.set(q, "query");
    // Bring the word into view if it is outside the canvas.
    const r = map.canvas.getBoundingClientRect(), p = map.points[q];
    const x = p.x * map.scale + map.offsetX, y = p.y * map.scale + map.offsetY;
    if (center !== false && !restoringView && (x < 0 || y < 0 || x > r.width || y > r.height)) {
      map.offsetX += r.width / 2 - x; map.offsetY += r.height / 2 - y; saveViewSoon();
    }
  }
  map.version++;
  map.dirty = true;
}

function resultItem(n) {
  return el("li", { "data-word": n.word, onclick: () => search(n.word) },
    el("span", { class: "w" }, n.word), el("span", { class: "sim" }, n.similarity.toFixed(3)));
}

async function search(word) {
  word = (word || "").trim();
  if (!word) return;
  $("search").value = word;
  const k = Math.max(1, Math.min(1000, parseInt($("k").value, 10) || 10));
  writeState({ q: word });
  $("query-word").textContent = word;
  const list = $("neighbors");
  list.replaceChildren();
  showError("neighbors-error", null);
  try {
    const data = await api("/api/neighbors?word=" + encodeURIComponent(word) + "&k=" + k);
    current = { word: data.word, neighbors: data.neighbors };
    list.replaceChildren(...data.neighbors.map(resultItem));
  } catch (e) {
    current = { word: null, neighbors: [] };
    showError("neighbors-error", e);
  }
  highlightCurrent();
  loadSenses(word.split("#")[0]);
}

async function loadSenses(word) {
  const body = $("senses").tBodies[0];
  body.replaceChildren();
  showError("senses-error", null);
  try {
    const data = await api("/api/senses?word=" + encodeURIComponent(word) + "&k=8");
    for (const s of data.senses) {
      body.append(el("tr", {},
        el("td", {}, el("a", { href: "#", onclick: (e) => { e.preventDefault(); search(s.label); } }, s.label)),
        el("td", { class: "num" }, s.prior.toFixed(3)),
        el("td", {}, s.neighbors.map((n) => n.word).join(", "))));
    }
  } catch (e) {
    showError("senses-error", e);
  }
}

async function solveAnalogy(event) {
  event.preventDefault();
  const a = $("an-a").value.trim(), b = $("an-b").value.trim(), c = $("an-c").value.trim();
  const method = $("an-method").value;
  const list = $("analogy");
  list.replaceChildren();
  showError("analogy-error", null);
  if (!a || !b || !c) { showError("analogy-error", new Error("fill in a, b and c")); return; }
  try {
    const q = new URLSearchParams({ a, b, c, method, k: "10" });
    const data = await api("/api/analogy?" + q.toString());
    list.replaceChildren(...data.neighbors.map(resultItem));
  } catch (e) {
    showError("analogy-error", e);
  }
}

// ---------------------------------------------------------------- disambiguation

// The same tokenization as the server: whitespace-separated, punctuation trimmed from both ends.
function tokenize(sentence) {
  return sentence.split(/\s+/).map((t) => t.replace(/^[^\p{L}\p{N}#]+|[^\p{L}\p{N}#]+$/gu, "")).filter((t) => t.length > 0);
}

function renderTokens(result) {
  const tokens = tokenize($("sentence").value);
  const box = $("tokens");
  const weights = new Map();
  let maxWeight = 1e-9;
  if (result) for (const c of result.context) { weights.set(c.position, c.weight); maxWeight = Math.max(maxWeight, Math.abs(c.weight)); }
  box.replaceChildren(...tokens.map((t, i) => {
    const span = el("span", { class: "token", "data-position": String(i), title: "click to disambiguate", onclick: () => disambiguate(t, i) }, t);
    if (result && i === result.position) span.classList.add("target");
    if (weights.has(i)) {
      const w = weights.get(i) / maxWeight;
      span.style.background = w >= 0 ? "rgba(39, 174, 96, " + (0.15 + 0.6 * w).toFixed(2) + ")" : "rgba(192, 57, 43, " + (0.15 - 0.6 * w).toFixed(2) + ")";
      span.title = "influence " + weights.get(i).toFixed(3);
    } else if (result && i !== result.position) {
      span.classList.add("unknown");
    }
    return span;
  }));
}

async function disambiguate(word, position) {
  writeState({ sentence: $("sentence").value, word });
  showError("disambiguate-error", null);
  const out = $("posterior");
  out.replaceChildren();
  try {
    const data = await api("/api/disambiguate", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sentence: $("sentence").value, word, position, k: 6 }),
    });
    renderTokens(data);
    for (const s of data.senses) {
      out.append(el("div", { class: "sense-bar" + (s.index === data.senses[data.best].index ? " best" : "") },
        el("div", { class: "label" }, el("span", {}, s.label), el("span", { class: "muted" }, "q = " + s.posterior.toFixed(3) + "  (prior " + s.prior.toFixed(3) + ")")),
        el("div", { class: "bar" }, el("div", { style: "width:" + (100 * s.posterior).toFixed(1) + "%" })),
        el("div", { class: "near" }, s.neighbors.map((n) => n.word).join(", "))));
    }
  } catch (e) {
    renderTokens(null);
    showError("disambiguate-error", e);
  }
}

// ---------------------------------------------------------------- start

async function start() {
  resizeCanvas();
  setupMapEvents();
  requestAnimationFrame(draw);
  $("search-form").addEventListener("submit", (e) => { e.preventDefault(); search($("search").value); });
  $("analogy-form").addEventListener("submit", solveAnalogy);
  $("sentence").addEventListener("input", () => renderTokens(null));
  $("color-by").addEventListener("change", (e) => { map.colorBy = e.target.value; writeState({ color: map.colorBy === "kind" ? null : map.colorBy }); computeColors(); });
  const state = readState();
  if (state.color) map.colorBy = state.color;
  const zoom = parseFloat(state.zoom), x = parseFloat(state.x), y = parseFloat(state.y);
  if (zoom > 0 && Number.isFinite(x) && Number.isFinite(y)) { pendingView = { z: zoom, x, y: -y }; restoringView = true; }
  try {
    const h = await api("/healthz");
    $("model-info").textContent = h.kind + ": " + h.words + " words, " + h.dimension + " dimensions";
  } catch (e) {
    $("model-info").textContent = "server unreachable: " + e.message;
  }
  const loading = loadMap();
  if (state.q) await search(state.q);
  // sentence=…&word=… fills in the disambiguation form and runs it (links, and the browser tests).
  if (state.sentence) {
    $("sentence").value = state.sentence;
    renderTokens(null);
    const at = tokenize(state.sentence).indexOf(state.word);
    if (state.word) await disambiguate(state.word, at >= 0 ? at : undefined);
  }
  await loading;
  restoringView = false;
  // Ready once a frame with the loaded map has been drawn: at least two frames (draw() runs first in a frame, then
  // this), and until the layer (points and labels) is drawn for the current data, at most 600 frames.
  for (let frame = 0; frame < 600; frame++) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const drawn = map.points.length === 0 || (!map.dirty && map.layerView !== null && map.layerView.version === map.version);
    if (frame >= 1 && drawn) break;
  }
  document.body.setAttribute("data-ready", "true");
}

start();
