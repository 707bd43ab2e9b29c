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
  points: [],          // {word, sense, label, x, y} in world coordinates
  labelIndex: new Map(),
  scale: 1, offsetX: 0, offsetY: 0,  // screen = world * scale + offset (CSS pixels)
  grid: null,          // spatial grid for hit testing
  highlighted: new Map(), // point index -> "query" | "neighbor"
  hover: -1, selected: -1,
  dirty: true,
  bounds: null,
  xs: new Float32Array(0), ys: new Float32Array(0), // world coordinates, for the drawing loop
  layer: null,         // off-screen canvas: points and labels at one scale (see renderLayer)
  layerImage: null,    // its reused ImageData
  layerView: null,     // the view the layer was drawn for
  version: 0,          // bumped when the points or highlights change (the layer must be redrawn)
  lastWheel: -1e9,     // time of the last wheel event: zoom frames reuse the layer until the wheel settles
  stats: { layerMs: 0, frameMs: 0 },
};

// Pixels drawn beyond each side of the view, so that panning reuses the layer.
const LAYER_MARGIN = 320;
// Wheel zoom stretches the layer; it is redrawn sharp once the wheel has been still this long (ms).
const ZOOM_SETTLE_MS = 140;

function pointLabel(p) { return p.sense === undefined || p.sense === null ? p.word : p.word + "#" + p.sense; }

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
  const b = map.bounds, margin = 60;
  const sx = (rect.width - 2 * margin) / Math.max(1e-9, b.maxX - b.minX);
  const sy = (rect.height - 2 * margin) / Math.max(1e-9, b.maxY - b.minY);
  map.scale = Math.max(1e-9, Math.min(sx, sy));
  map.offsetX = rect.width / 2 - map.scale * (b.minX + b.maxX) / 2;
  map.offsetY = rect.height / 2 - map.scale * (b.minY + b.maxY) / 2;
  map.dirty = true;
}

// A uniform grid over the world bounds: each cell lists the points inside it, so a hit test looks at the
// cells around the cursor only (constant time for 50,000 points).
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
  const radius = 6 / map.scale; // 6 CSS pixels in world units
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

// Drawing is split in two (so that 50,000 points stay smooth):
// - the layer (renderLayer): every point as a small square written straight into an ImageData pixel buffer
//   (no path building, no per-point canvas call), plus the labels, for the view and a margin around it, in an
//   off-screen canvas. It is redrawn only when the points or highlights change, the zoom settles at a new scale,
//   or a pan leaves the margin;
// - the frame (draw): one drawImage of the layer (shifted for a pan, stretched during a wheel zoom), then the
//   highlighted points and the hover ring. Hover and pan frames cost the same with 50,000 points as with 500.
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
  const n = map.points.length, xs = map.xs, ys = map.ys;
  const s = map.scale * ratio, ox = (map.offsetX + m) * ratio, oy = (map.offsetY + m) * ratio;
  const dot = Math.max(1, Math.round((n > 20000 ? 1.5 : 2.5) * ratio)), half = dot >> 1;
  // rgba(47, 125, 209) with alpha 0.55 for one point, more opaque where points overlap (little-endian RGBA).
  const rgb = (209 << 16) | (125 << 8) | 47, first = 140, step = 60;
  for (let i = 0; i < n; i++) {
    const x0 = Math.round(xs[i] * s + ox) - half, y0 = Math.round(ys[i] * s + oy) - half;
    if (x0 < 0 || y0 < 0 || x0 + dot > W || y0 + dot > H) continue;
    for (let dy = 0; dy < dot; dy++) {
      let k = (y0 + dy) * W + x0;
      for (let dx = 0; dx < dot; dx++, k++) {
        const a = px[k] >>> 24;
        px[k] = ((a === 0 ? first : Math.min(255, a + step)) << 24 | rgb) >>> 0;
      }
    }
  }
  lctx.setTransform(1, 0, 0, 1, 0, 0);
  lctx.putImageData(image, 0, 0);
  // Labels of the most frequent visible points (points come most frequent first), more when zoomed in.
  lctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  lctx.font = "11px system-ui, sans-serif";
  lctx.fillStyle = "rgba(29, 35, 43, 0.75)";
  let visible = 0;
  const sc = map.scale;
  for (let i = 0; i < n; i++) {
    const x = xs[i] * sc + map.offsetX, y = ys[i] * sc + map.offsetY;
    if (x >= 0 && y >= 0 && x <= v.w && y <= v.h) visible++;
  }
  const maxLabels = Math.min(400, Math.max(30, Math.floor(6000 / Math.max(1, visible) * 30)));
  let labels = 0;
  for (let i = 0; i < n && labels < maxLabels; i++) {
    const x = xs[i] * sc + map.offsetX + m, y = ys[i] * sc + map.offsetY + m;
    if (x < 0 || y < 0 || x > v.w + 2 * m || y > v.h + 2 * m || map.highlighted.has(i)) continue;
    lctx.fillText(map.points[i].label, x + 3, y - 3);
    labels++;
  }
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
  const s = map.scale, ox = map.offsetX, oy = map.offsetY;
  // Highlights on top.
  for (const [i, role] of map.highlighted) {
    const p = map.points[i];
    const x = p.x * s + ox, y = p.y * s + oy;
    ctx.fillStyle = role === "query" ? "#c0392b" : "#e67e22";
    ctx.beginPath(); ctx.arc(x, y, role === "query" ? 6 : 4.5, 0, 2 * Math.PI); ctx.fill();
    ctx.font = role === "query" ? "bold 13px system-ui, sans-serif" : "12px system-ui, sans-serif";
    ctx.fillStyle = "#1d232b";
    ctx.fillText(p.label, x + 7, y - 5);
  }
  if (map.hover >= 0) {
    const p = map.points[map.hover];
    ctx.strokeStyle = "#1d232b"; ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.arc(p.x * s + ox, p.y * s + oy, 6, 0, 2 * Math.PI); ctx.stroke();
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
  }, { passive: false });
  c.addEventListener("dblclick", () => fitView());
  window.addEventListener("resize", () => { resizeCanvas(); });
}

async function loadMap() {
  try {
    const data = await api("/api/map");
    map.points = data.points.map((p) => ({ word: p.word, sense: p.sense, label: pointLabel(p), x: p.x, y: -p.y }));
    map.xs = Float32Array.from(map.points, (p) => p.x);
    map.ys = Float32Array.from(map.points, (p) => p.y);
    map.version++;
    map.labelIndex = new Map();
    map.points.forEach((p, i) => { map.labelIndex.set(p.label, i); if (!map.labelIndex.has(p.word)) map.labelIndex.set(p.word, i); });
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const p of map.points) { minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y); }
    map.bounds = map.points.length ? { minX, minY, maxX, maxY } : { minX: 0, minY: 0, maxX: 1, maxY: 1 };
    buildGrid();
    fitView();
    $("map-status").textContent = "map: " + data.points.length + " points (" + data.method + ")" + (data.note ? " — " + data.note : "");
    highlightCurrent();
  } catch (e) {
    $("map-status").textContent = "map: " + e.message;
    if (e.status === 503 && !/without a map|could not be computed/.test(e.message)) setTimeout(loadMap, 2000);
  }
}

// ---------------------------------------------------------------- queries

let current = { word: null, neighbors: [] };

function highlightCurrent() {
  map.highlighted = new Map();
  for (const n of current.neighbors) {
    const i = map.labelIndex.get(n.word);
    if (i !== undefined) map.highlighted.set(i, "neighbor");
  }
  const q = current.word === null ? undefined : map.labelIndex.get(current.word);
  if (q !== undefined) {
    map.highlighted.set(q, "query");
    // Bring the word into view if it is outside the canvas.
    const r = map.canvas.getBoundingClientRect(), p = map.points[q];
    const x = p.x * map.scale + map.offsetX, y = p.y * map.scale + map.offsetY;
    if (x < 0 || y < 0 || x > r.width || y > r.height) { map.offsetX += r.width / 2 - x; map.offsetY += r.height / 2 - y; }
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
  const url = new URL(window.location.href);
  url.searchParams.set("q", word);
  window.history.replaceState(null, "", url);
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
  try {
    const h = await api("/healthz");
    $("model-info").textContent = h.kind + ": " + h.words + " words, " + h.dimension + " dimensions";
  } catch (e) {
    $("model-info").textContent = "server unreachable: " + e.message;
  }
  loadMap();
  const params = new URLSearchParams(window.location.search);
  const q = params.get("q");
  if (q) await search(q);
  // ?sentence=…&word=… fills in the disambiguation form and runs it (links, and the browser tests).
  const sentence = params.get("sentence");
  if (sentence) {
    $("sentence").value = sentence;
    renderTokens(null);
    const word = params.get("word");
    const at = tokenize(sentence).indexOf(word);
    if (word) await disambiguate(word, at >= 0 ? at : undefined);
  }
  document.body.setAttribute("data-ready", "true");
}

start();
