// The Train page's alpha panel: a log-scale alpha control (and l1_ratio for elastic net) that
// refits Ridge, Lasso or elastic net in the browser while it moves, from the payload
// `core.alpha_payload.alpha_payload` builds.
//
// Every fit (the training part, then each cross-validation fold's training part) arrives
// reduced: Ridge as the SVD of its centred design matrix, β(α) = V diag(s / (s² + α)) Uᵀ(y − ȳ);
// Lasso and elastic net as the Gram matrix, on which coordinate descent runs as scikit-learn's
// does with `precompute=True`, warm-started from the last alpha. On release the values go to
// Python, which trains with scikit-learn and sends its own numbers back: those replace the
// preview. Every text comes from Python (translated there) and reaches the page as text.
// RangePanel, element, fill, placeBar, setColours and mountPanel are the panels' shared
// script (ui/components/shared/panel.js), put in front of this one.

const SIGNIFICANT = 3;
// Coordinate descent stops when no coefficient moved by more than this share of the largest.
const CD_RELATIVE_STEP = 1e-13;
const CD_MAX_SWEEPS = 20000;
const SVG = "http://www.w3.org/2000/svg";

// ---- The payload's numbers -------------------------------------------------------------

function bytesOf(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
  return new DataView(bytes.buffer);
}

// Doubles sent little-endian in base64 (`core.alpha_payload.float64`).
export function decodeFloat64(text) {
  const view = bytesOf(text);
  const values = new Float64Array(view.byteLength / 8);
  for (let i = 0; i < values.length; i += 1) values[i] = view.getFloat64(8 * i, true);
  return values;
}

// A column of whole-number codes (`core.alpha_payload.encoded_rows`): (base + code) / 10^d,
// the double the CSV's decimal text parses to.
export function decodeColumn(column) {
  if (column.type === "f64") return decodeFloat64(column.data);
  const view = bytesOf(column.data);
  const width = column.type === "u16" ? 2 : 4;
  const values = new Float64Array(view.byteLength / width);
  const power = 10 ** column.decimals;
  for (let i = 0; i < values.length; i += 1) {
    const code = width === 2 ? view.getUint16(2 * i, true) : view.getUint32(4 * i, true);
    values[i] = (column.base + code) / power;
  }
  return values;
}

// A symmetric matrix from its upper triangle, row by row.
function fromUpper(packed, size) {
  const full = new Float64Array(size * size);
  let k = 0;
  for (let i = 0; i < size; i += 1) {
    for (let j = i; j < size; j += 1) {
      full[i * size + j] = packed[k];
      full[j * size + i] = packed[k];
      k += 1;
    }
  }
  return full;
}

function decodeFit(fit, size) {
  const decoded = {
    mean: decodeFloat64(fit.mean),
    scale: decodeFloat64(fit.scale),
    offset: decodeFloat64(fit.offset),
    yMean: fit.y_mean,
    yy: fit.yy,
    n: fit.n,
  };
  if (fit.gram !== undefined) {
    decoded.gram = fromUpper(decodeFloat64(fit.gram), size);
    decoded.xty = decodeFloat64(fit.xty);
  } else {
    decoded.s = decodeFloat64(fit.s);
    decoded.vt = decodeFloat64(fit.vt);
    decoded.uty = decodeFloat64(fit.uty);
  }
  if (fit.held_out !== undefined) {
    decoded.heldOut = {
      ata: fromUpper(decodeFloat64(fit.held_out.ata), size),
      atb: decodeFloat64(fit.held_out.atb),
      btb: fit.held_out.btb,
      n: fit.held_out.n,
    };
  }
  return decoded;
}

// Into the main fit's design space: (x − mean) / scale − offset, row by row.
function centredRows(fit, rows, count, size) {
  const centred = new Float64Array(count * size);
  for (let i = 0; i < count; i += 1) {
    for (let j = 0; j < size; j += 1) {
      centred[i * size + j] = (rows[j][i] - fit.mean[j]) / fit.scale[j] - fit.offset[j];
    }
  }
  return centred;
}

// Everything a refit reads, decoded once per payload.
export function prepareModel(data) {
  const size = data.wine.length;
  const fits = data.fits.map((fit) => decodeFit(fit, size));
  const rows = data.test.columns.map(decodeColumn);
  const count = data.test.rows;
  const main = fits[0];
  const wine = new Float64Array(size);
  for (let j = 0; j < size; j += 1) {
    wine[j] = (data.wine[j] - main.mean[j]) / main.scale[j] - main.offset[j];
  }
  return {
    solver: data.solver,
    size,
    fits,
    test: { centred: centredRows(main, rows, count, size), y: decodeColumn(data.test.quality), count },
    wine,
    perSd: data.per_sd ? Float64Array.from(data.per_sd) : null,
    qualityRange: data.quality_range,
    warm: fits.map(() => new Float64Array(size)),
  };
}

// ---- The fits ---------------------------------------------------------------------------

// Ridge: β = V diag(s / (s² + α)) Uᵀ(y − ȳ).
export function ridgeCoefficients(fit, alpha) {
  const size = fit.s.length;
  const beta = new Float64Array(size);
  for (let k = 0; k < size; k += 1) {
    const weight = (fit.s[k] / (fit.s[k] * fit.s[k] + alpha)) * fit.uty[k];
    for (let j = 0; j < size; j += 1) beta[j] += fit.vt[k * size + j] * weight;
  }
  return beta;
}

// Elastic net (Lasso at l1Ratio 1) by cyclic coordinate descent on the Gram matrix, the
// arithmetic of scikit-learn's `enet_coordinate_descent_gram`: its objective times n is
// ½‖y − Dβ‖² + α·l1·n‖β‖₁ + ½α(1 − l1)·n‖β‖². `start` is the warm start (left untouched).
export function enetCoefficients(fit, alpha, l1Ratio, start) {
  const size = fit.xty.length;
  const l1 = alpha * l1Ratio * fit.n;
  const l2 = alpha * (1 - l1Ratio) * fit.n;
  const q = fit.gram;
  const w = Float64Array.from(start);
  const h = new Float64Array(size);
  for (let i = 0; i < size; i += 1) {
    for (let j = 0; j < size; j += 1) h[i] += q[i * size + j] * w[j];
  }
  for (let sweep = 0; sweep < CD_MAX_SWEEPS; sweep += 1) {
    let largest = 0;
    let moved = 0;
    for (let j = 0; j < size; j += 1) {
      const diagonal = q[j * size + j];
      if (diagonal === 0) continue;
      const old = w[j];
      if (old !== 0) for (let i = 0; i < size; i += 1) h[i] -= old * q[j * size + i];
      const rho = fit.xty[j] - h[j];
      const shrunk = Math.max(Math.abs(rho) - l1, 0);
      w[j] = shrunk === 0 ? 0 : (Math.sign(rho) * shrunk) / (diagonal + l2);
      if (w[j] !== 0) for (let i = 0; i < size; i += 1) h[i] += w[j] * q[j * size + i];
      moved = Math.max(moved, Math.abs(w[j] - old));
      largest = Math.max(largest, Math.abs(w[j]));
    }
    if (largest === 0 || moved <= CD_RELATIVE_STEP * largest) break;
  }
  return w;
}

function coefficientsOf(model, index, alpha, l1Ratio, warm) {
  const fit = model.fits[index];
  if (model.solver === "svd") return ridgeCoefficients(fit, alpha);
  return enetCoefficients(fit, alpha, l1Ratio, warm[index]);
}

// A fold's held-out RMSE from its quadratic form: ‖b − Aβ‖² = bᵀb − 2(Aᵀb)ᵀβ + βᵀ(AᵀA)β.
function heldOutRmse(heldOut, beta) {
  const size = beta.length;
  let quadratic = 0;
  let linear = 0;
  for (let i = 0; i < size; i += 1) {
    linear += heldOut.atb[i] * beta[i];
    let row = 0;
    for (let j = 0; j < size; j += 1) row += heldOut.ata[i * size + j] * beta[j];
    quadratic += beta[i] * row;
  }
  return Math.sqrt(Math.max(heldOut.btb - 2 * linear + quadratic, 0) / heldOut.n);
}

// The training part's own RMSE, from its reduction: with the Gram matrix
// ‖y − ȳ − Dβ‖² = ‖y − ȳ‖² − 2 (Dᵀy)ᵀβ + βᵀ(DᵀD)β; with the SVD, z = Vᵀβ,
// ‖y − ȳ‖² − ‖Uᵀ(y − ȳ)‖² + Σ (Uᵀ(y − ȳ) − s·z)² (no cancellation of large terms).
export function trainingRmse(fit, beta) {
  const size = beta.length;
  let squares = fit.yy;
  if (fit.gram !== undefined) {
    for (let i = 0; i < size; i += 1) {
      let row = 0;
      for (let j = 0; j < size; j += 1) row += fit.gram[i * size + j] * beta[j];
      squares += beta[i] * row - 2 * fit.xty[i] * beta[i];
    }
  } else {
    for (let k = 0; k < fit.s.length; k += 1) {
      let z = 0;
      for (let j = 0; j < size; j += 1) z += fit.vt[k * size + j] * beta[j];
      const left = fit.uty[k] - fit.s[k] * z;
      squares += left * left - fit.uty[k] * fit.uty[k];
    }
  }
  return Math.sqrt(Math.max(squares, 0) / fit.n);
}

// Test RMSE, MAE and R² on the test rows, as scikit-learn's metrics compute them.
function testMetrics(model, yMean, beta) {
  const { centred, y, count } = model.test;
  const size = beta.length;
  let squares = 0;
  let absolute = 0;
  let sum = 0;
  for (let i = 0; i < count; i += 1) sum += y[i];
  const average = sum / count;
  let total = 0;
  for (let i = 0; i < count; i += 1) {
    let predicted = yMean;
    for (let j = 0; j < size; j += 1) predicted += centred[i * size + j] * beta[j];
    const error = y[i] - predicted;
    squares += error * error;
    absolute += Math.abs(error);
    total += (y[i] - average) * (y[i] - average);
  }
  return { rmse: Math.sqrt(squares / count), mae: absolute / count, r2: 1 - squares / total };
}

// One refit at (alpha, l1Ratio): the model on the training part, its test and training RMSE, the
// cross-validated RMSE (mean and population SD over the folds, as core.train reports them),
// its standardised coefficients and the Predict page's wine. `warm` holds each fit's last
// coefficients and is moved to the new ones.
export function refit(model, alpha, l1Ratio, warm = model.warm) {
  const betas = model.fits.map((_, index) => coefficientsOf(model, index, alpha, l1Ratio, warm));
  betas.forEach((beta, index) => warm[index].set(beta));
  const main = model.fits[0];
  const beta = betas[0];
  const folds = betas.slice(1).map((b, index) => heldOutRmse(model.fits[index + 1].heldOut, b));
  const cvMean = folds.reduce((a, b) => a + b, 0) / folds.length;
  const cvStd = Math.sqrt(folds.reduce((a, b) => a + (b - cvMean) ** 2, 0) / folds.length);
  let raw = main.yMean;
  for (let j = 0; j < beta.length; j += 1) raw += model.wine[j] * beta[j];
  const [low, high] = model.qualityRange;
  const standardised = model.perSd ? beta.map((b, j) => b * model.perSd[j]) : beta;
  return {
    coefficients: Array.from(beta),
    intercept: main.yMean - main.offset.reduce((a, o, j) => a + o * beta[j], 0),
    standardised: Array.from(standardised),
    test: testMetrics(model, main.yMean, beta),
    train: { rmse: trainingRmse(main, beta) },
    cv: { mean: cvMean, std: cvStd, folds },
    wine: Math.min(Math.max(raw, low), high),
  };
}

// The curves along the grid, from the largest alpha down (each fit warm-started from the last).
export function curves(model, grid, l1Ratio) {
  const warm = model.fits.map(() => new Float64Array(model.size));
  const points = [];
  for (let i = grid.length - 1; i >= 0; i -= 1) {
    const fitted = refit(model, grid[i], l1Ratio, warm);
    points[i] = { coefficients: fitted.standardised, test: fitted.test.rmse, cv: fitted.cv.mean };
  }
  return points;
}

// ---- The control's scale ----------------------------------------------------------------

// Position 0…steps on the log scale ↔ the setting's value, kept to three significant digits.
export function valueAt(setting, position) {
  const share = Math.min(Math.max(position / setting.steps, 0), 1);
  if (!setting.log) return Number((setting.low + share * (setting.high - setting.low)).toFixed(2));
  const value = setting.low * (setting.high / setting.low) ** share;
  return Math.min(Math.max(Number(value.toPrecision(SIGNIFICANT)), setting.low), setting.high);
}

export function positionOf(setting, value) {
  if (!setting.log) return (setting.steps * (value - setting.low)) / (setting.high - setting.low);
  return (setting.steps * Math.log(value / setting.low)) / Math.log(setting.high / setting.low);
}

// ---- Drawing ----------------------------------------------------------------------------

function svg(tag, attributes = {}, text = undefined) {
  const node = document.createElementNS(SVG, tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, String(value)));
  if (text !== undefined) node.textContent = text;
  return node;
}

// core.train_result.fit_gap, with the thresholds the payload sends.
export function fitGap(gap, train, test) {
  if (test - train > gap.overfit_share * test) return "overfit";
  if (test - train > gap.visible) return "some";
  return "none";
}

// A sentence whose **bold** parts (the page's Markdown) become <strong>, all as text.
function setEmphasised(node, text) {
  node.replaceChildren(
    ...text.split("**").map((part, index) => (index % 2 ? element("strong", "", part) : part)),
  );
}

const PLOT = { width: 360, height: 230, left: 46, right: 22, top: 8, bottom: 36 };

// Ticks 1, 2 or 5 × 10ⁿ apart, three to six of them inside the range.
function niceTicks([low, high]) {
  const power = 10 ** (Math.floor(Math.log10(high - low)) - 1);
  const step = [1, 2, 5, 10, 20, 50].map((m) => m * power).find((m) => (high - low) / m <= 6);
  const ticks = [];
  for (let tick = Math.ceil(low / step) * step; tick <= high + 1e-12; tick += step) {
    ticks.push(Math.abs(tick) < step * 1e-9 ? 0 : tick);
  }
  return { ticks, decimals: Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) };
}

// A range holding every value, with a little room either side (never empty).
function span(values) {
  let low = Math.min(...values);
  let high = Math.max(...values);
  const pad = (high - low) * 0.06 || Math.abs(high) * 0.05 || 0.1;
  low -= pad;
  high += pad;
  return [low, high];
}

class Chart {
  constructor(figure, xRange, yRange, labels) {
    this.svg = figure.querySelector("svg");
    this.svg.replaceChildren();
    this.x = xRange.map(Math.log10);
    this.y = yRange;
    this.labels = labels;
    this.drawAxes();
    this.lines = svg("g", { class: "lines" });
    this.markers = svg("g", { class: "markers" });
    this.svg.append(this.lines, this.markers);
  }

  sx(alpha) {
    const share = (Math.log10(alpha) - this.x[0]) / (this.x[1] - this.x[0]);
    return PLOT.left + share * (PLOT.width - PLOT.left - PLOT.right);
  }

  sy(value) {
    const share = (value - this.y[0]) / (this.y[1] - this.y[0]);
    const clipped = Math.min(Math.max(share, 0), 1);
    return PLOT.height - PLOT.bottom - clipped * (PLOT.height - PLOT.top - PLOT.bottom);
  }

  drawAxes() {
    const { format, xTitle, yTitle } = this.labels;
    const axes = svg("g", { class: "axes" });
    const bottom = PLOT.height - PLOT.bottom;
    axes.append(
      svg("rect", {
        class: "frame-box",
        x: PLOT.left,
        y: PLOT.top,
        width: PLOT.width - PLOT.left - PLOT.right,
        height: bottom - PLOT.top,
      }),
    );
    for (let power = Math.ceil(this.x[0]); power <= Math.floor(this.x[1]); power += 1) {
      const x = this.sx(10 ** power);
      axes.append(svg("line", { class: "grid", x1: x, x2: x, y1: PLOT.top, y2: bottom }));
      axes.append(svg("text", { class: "tick", x, y: bottom + 14, "text-anchor": "middle" }, format.tick(10 ** power)));
    }
    const { ticks, decimals } = niceTicks(this.y);
    for (const value of ticks) {
      const y = this.sy(value);
      axes.append(svg("line", { class: "grid", x1: PLOT.left, x2: PLOT.width - PLOT.right, y1: y, y2: y }));
      axes.append(svg("text", { class: "tick", x: PLOT.left - 4, y: y + 4, "text-anchor": "end" }, format.number(value, decimals)));
    }
    axes.append(svg("text", { class: "axis-title", x: (PLOT.left + PLOT.width) / 2, y: PLOT.height - 6, "text-anchor": "middle" }, xTitle));
    axes.append(svg("text", { class: "axis-title", x: 12, y: (PLOT.top + bottom) / 2, "text-anchor": "middle", transform: `rotate(-90 12 ${(PLOT.top + bottom) / 2})` }, yTitle));
    this.svg.append(axes);
  }

  polyline(alphas, values, colour, className = "curve") {
    const points = alphas.map((a, i) => `${this.sx(a).toFixed(1)},${this.sy(values[i]).toFixed(1)}`);
    return svg("polyline", { class: className, points: points.join(" "), stroke: colour });
  }

  // The current alpha: a dotted line and one dot per value, moved (not redrawn) as it changes.
  setMarkers(alpha, values, colours) {
    if (this.markers.childNodes.length !== values.length + 1) {
      this.markers.replaceChildren(svg("line", { class: "now", y1: PLOT.top, y2: PLOT.height - PLOT.bottom }));
      values.forEach((_, i) => this.markers.append(svg("circle", { class: "dot", r: 4, fill: colours[i] })));
    }
    const x = this.sx(alpha);
    const [line, ...dots] = this.markers.childNodes;
    line.setAttribute("x1", x);
    line.setAttribute("x2", x);
    dots.forEach((dot, i) => {
      dot.setAttribute("cx", x);
      dot.setAttribute("cy", this.sy(values[i]));
    });
  }
}

function formatter(locale) {
  const cache = new Map();
  const number = (value, decimals) => {
    const key = `d${decimals}`;
    if (!cache.has(key)) {
      cache.set(key, new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }));
    }
    return cache.get(key).format(value).replace("-", "−");
  };
  const significant = new Intl.NumberFormat(locale, { maximumSignificantDigits: SIGNIFICANT });
  return {
    number,
    signed: (value, decimals) => {
      const text = number(Math.abs(value), decimals);
      if (Number(Math.abs(value).toFixed(decimals)) === 0) return text;
      return (value > 0 ? "+" : "−") + text;
    },
    value: (value) => significant.format(value),
    tick: (value) => significant.format(value),
  };
}

// ---- The panel --------------------------------------------------------------------------

class AlphaPanel extends RangePanel {
  constructor(root, setStateValue) {
    super(root, setStateValue);
    this.model = null;
    this.signature = "";
    this.curveRatio = null;
    this.waiting = false;
    this.root.wineLabAlpha = { prepareModel, refit, curves, valueAt, positionOf, fitGap, panel: this };
  }

  update(data) {
    this.data = data;
    this.format = formatter(data.locale);
    // A rerun that began before the latest send carries the setting sent before it: showing
    // it would put the control back and lose the keys pressed since (seen under load). The
    // rerun for the latest send follows.
    const stale = (data.received ?? 0) < this.sent;
    if (!stale) this.lastSent = "";
    setColours(this.root, data.colours);
    const rebuilt = data.signature !== this.signature;
    if (rebuilt) {
      this.signature = data.signature;
      this.model = prepareModel(data);
      this.curveRatio = null;
      this.buildStatic(data);
    }
    if (!rebuilt && (this.busy() || stale)) return;
    this.waiting = false;
    this.applyPython();
  }

  params() {
    const values = {};
    this.data.settings.forEach((setting, index) => {
      values[setting.name] = valueAt(setting, Number(this.inputs[index].value));
    });
    return values;
  }

  l1Ratio(params) {
    if (this.data.solver === "svd") return 0;
    return params.l1_ratio ?? 1;
  }

  buildStatic(data) {
    const labels = data.labels;
    this.root.querySelector(".keys-help").textContent = labels.keys_help;
    this.root.querySelectorAll(".metric[data-metric]").forEach((card) => {
      card.querySelector(".metric-label").textContent = labels[card.dataset.metric];
    });
    const trainLabel = this.root.querySelector(".train-label");
    trainLabel.textContent = labels.train;
    trainLabel.title = labels.train_help;
    const wineLabel = this.root.querySelector(".wine-label");
    wineLabel.textContent = labels.wine;
    wineLabel.title = labels.wine_help;
    this.root.querySelector(".bars-title").textContent = labels.bars_title;
    this.buildSettings(data.settings);
    this.buildBars(labels.features);
    const [pathFigure, errorFigure] = this.root.querySelectorAll(".chart");
    pathFigure.querySelector(".chart-title").textContent = labels.path_title;
    errorFigure.querySelector(".chart-title").textContent = labels.error_title;
    // An image only once it has its name: the empty SVG of the page as first drawn has no
    // role, so an audit (or a screen reader) never meets an unnamed image.
    for (const [figure, title] of [[pathFigure, labels.path_title], [errorFigure, labels.error_title]]) {
      const svg = figure.querySelector("svg");
      svg.setAttribute("aria-label", title);
      svg.setAttribute("role", "img");
    }
    this.pathChart = null;
  }

  buildSettings(settings) {
    const box = this.root.querySelector(".settings");
    box.replaceChildren();
    this.inputs = settings.map((setting, index) => {
      const row = element("div", "setting");
      const id = `alpha-panel-${setting.name}`;
      const label = element("label", "setting-label", setting.label);
      label.htmlFor = id;
      label.title = setting.help;
      const shown = element("span", "setting-value");
      shown.setAttribute("aria-hidden", "true");
      shown.dataset.testid = `alpha-value-${setting.name}`;
      const input = element("input");
      Object.assign(input, { type: "range", id, min: 0, max: setting.steps });
      input.step = "any";
      input.dataset.name = setting.name;
      input.setAttribute("aria-label", setting.label);
      const help = element("span", "visually-hidden", setting.help);
      help.id = `${id}-help`;
      input.setAttribute("aria-describedby", help.id);
      const bounds = element("div", "setting-bounds");
      bounds.append(
        element("span", "", this.format.value(setting.low)),
        element("span", "", this.format.value(setting.high)),
      );
      const head = element("div", "setting-head");
      head.append(label, shown);
      row.append(head, input, bounds, help);
      box.append(row);
      this.listen(input, index);
      return input;
    });
  }

  buildBars(names) {
    const rows = this.root.querySelector(".bar-rows");
    rows.replaceChildren();
    names.forEach((name, index) => {
      const row = element("div", "bar-row");
      row.dataset.index = String(index);
      const track = element("div", "track");
      const bar = element("span", "bar");
      bar.style.background = this.data.feature_colours[index];
      track.append(element("span", "zero"), bar);
      row.append(element("span", "bar-name", name), track, element("span", "bar-value"));
      rows.append(row);
    });
  }

  setInput(index, value) {
    const setting = this.data.settings[index];
    const input = this.inputs[index];
    input.value = String(positionOf(setting, value));
    const text = setting.log ? this.format.value(value) : this.format.number(value, 2);
    input.setAttribute("aria-valuetext", text);
    input.closest(".setting").querySelector(".setting-value").textContent = text;
  }

  // The curves for the shown l1_ratio (computed again only when it changes), their scales
  // fixed for this payload.
  ensureCurves(l1Ratio) {
    if (this.curveRatio === l1Ratio && this.pathChart) return;
    this.curveRatio = l1Ratio;
    const data = this.data;
    this.points = curves(this.model, data.grid, l1Ratio);
    const coefficients = this.points.flatMap((p) => p.coefficients);
    const errors = this.points.flatMap((p) => [p.test, p.cv]).concat([data.baseline.rmse]);
    if (!this.pathChart) {
      this.axis = Math.max(...coefficients.map(Math.abs)) || 1;
      const range = [data.grid[0], data.grid[data.grid.length - 1]];
      const labels = data.labels;
      const [pathFigure, errorFigure] = this.root.querySelectorAll(".chart");
      this.pathChart = new Chart(pathFigure, range, span(coefficients), {
        format: this.format, xTitle: labels.x_axis, yTitle: labels.coefficient_axis,
      });
      this.errorChart = new Chart(errorFigure, range, span(errors), {
        format: this.format, xTitle: labels.x_axis, yTitle: labels.rmse_axis,
      });
      this.legends(pathFigure, errorFigure);
    }
    const grid = data.grid;
    this.pathChart.lines.replaceChildren(
      ...data.feature_colours.map((colour, j) => this.pathChart.polyline(grid, this.points.map((p) => p.coefficients[j]), colour)),
    );
    const { test: testColour, cv: cvColour, baseline: baselineColour } = data.error_colours;
    this.errorChart.lines.replaceChildren(
      this.errorChart.polyline([grid[0], grid[grid.length - 1]], [data.baseline.rmse, data.baseline.rmse], baselineColour, "curve baseline"),
      this.errorChart.polyline(grid, this.points.map((p) => p.test), testColour),
      this.errorChart.polyline(grid, this.points.map((p) => p.cv), cvColour),
    );
  }

  legends(pathFigure, errorFigure) {
    const item = (colour, text, dashed) => {
      const entry = element("span", "legend-item");
      const swatch = element("span", dashed ? "swatch dashed" : "swatch");
      swatch.style.borderColor = colour;
      entry.append(swatch, element("span", "", text));
      return entry;
    };
    const { labels, feature_colours: colours, error_colours: errorColours } = this.data;
    pathFigure.querySelector(".legend").replaceChildren(...labels.features.map((name, j) => item(colours[j], name)));
    errorFigure.querySelector(".legend").replaceChildren(
      item(errorColours.test, labels.test_line),
      item(errorColours.cv, labels.cv_line),
      item(errorColours.baseline, labels.baseline_line, true),
    );
  }

  // Python's setting and numbers, the authority: shown whenever the user is not mid-move.
  applyPython() {
    const { python, settings } = this.data;
    settings.forEach((setting, index) => this.setInput(index, python.params[setting.name]));
    this.show(python.params, {
      test: python.test,
      train: python.train,
      cv: python.cv,
      standardised: python.coefficients,
      wine: python.wine,
    });
    this.root.dataset.state = "python";
    this.setStatus(this.data.labels.status_python);
    const rmse = this.format.number(python.test.rmse, 3);
    this.root.querySelector(".announcer").textContent = fill(this.data.labels.announce, { rmse });
  }

  showPreview() {
    const params = this.params();
    const l1Ratio = this.l1Ratio(params);
    const fitted = refit(this.model, params.alpha, l1Ratio);
    this.show(params, fitted);
    this.root.dataset.state = "preview";
    this.setStatus(this.data.labels.status_preview);
    return fitted;
  }

  show(params, fitted) {
    const labels = this.data.labels;
    const base = this.data.baseline;
    const format = this.format;
    const cards = {
      rmse: [fitted.test.rmse, base.rmse],
      mae: [fitted.test.mae, base.mae],
      r2: [fitted.test.r2, base.r2],
    };
    this.root.querySelectorAll(".metric[data-metric]").forEach((card) => {
      const [value, baseline] = cards[card.dataset.metric];
      card.querySelector(".metric-value").textContent = format.number(value, 3);
      const delta = value - baseline;
      const better = card.dataset.metric === "r2" ? delta > 0 : delta < 0;
      const deltaNode = card.querySelector(".metric-delta");
      deltaNode.textContent = fill(labels.vs_baseline, { delta: format.signed(delta, 3) });
      deltaNode.dataset.better = better ? "yes" : "no";
    });
    this.root.querySelector("[data-testid=alpha-train-rmse]").textContent = format.number(fitted.train.rmse, 3);
    const gap = fitGap(this.data.gap, fitted.train.rmse, fitted.test.rmse);
    setEmphasised(this.root.querySelector(".gap"), fill(labels.gaps[gap], {
      train: format.number(fitted.train.rmse, 3),
      test: format.number(fitted.test.rmse, 3),
    }));
    this.root.querySelector("[data-testid=alpha-wine]").textContent = format.number(fitted.wine, 2);
    this.root.querySelector(".wine-note").textContent = labels.wine_note;
    this.root.querySelector(".cv").textContent = fill(labels.cv, {
      folds: String(this.data.fits.length - 1),
      mean: format.number(fitted.cv.mean, 3),
      spread: format.number(fitted.cv.std, 3),
    });
    // Elastic net's curves (6 fits × the grid) are redrawn for a new l1_ratio once it stops.
    const settled = !this.busy() || !this.pathChart;
    this.ensureCurves(settled ? this.l1Ratio(params) : this.curveRatio);
    this.showBars(fitted.standardised);
    const colours = this.data.error_colours;
    this.pathChart.setMarkers(params.alpha, fitted.standardised, this.data.feature_colours);
    this.errorChart.setMarkers(params.alpha, [fitted.test.rmse, fitted.cv.mean], [colours.test, colours.cv]);
  }

  showBars(coefficients) {
    const axis = this.axis;
    this.root.querySelectorAll(".bar-row").forEach((row, index) => {
      const value = coefficients[index];
      placeBar(row.querySelector(".bar"), value, axis);
      row.querySelector(".bar-value").textContent = this.format.signed(value, 3);
    });
  }

  onInput(index) {
    const setting = this.data.settings[index];
    this.setInput(index, valueAt(setting, Number(this.inputs[index].value)));
    this.showPreview();
  }

  onKey(event, index) {
    const setting = this.data.settings[index];
    const position = Math.round(Number(this.inputs[index].value));
    const moves = {
      ArrowRight: position + 1,
      ArrowUp: position + 1,
      ArrowLeft: position - 1,
      ArrowDown: position - 1,
      PageUp: position + PAGE_STEPS,
      PageDown: position - PAGE_STEPS,
      Home: 0,
      End: setting.steps,
    };
    if (!(event.key in moves)) return;
    this.keyMoved(event);
    this.setInput(index, valueAt(setting, moves[event.key]));
    this.showPreview();
  }

  send() {
    const params = this.params();
    const python = this.data.python.params;
    const changed = this.data.settings.some((s) => params[s.name] !== python[s.name]);
    if (!changed) {
      this.applyPython();
      return;
    }
    if (!this.post(JSON.stringify(params), params)) return;
    this.waiting = true;
    this.root.dataset.state = "waiting";
    this.setStatus(this.data.labels.status_waiting);
  }
}

export default function alphaPanel(component) {
  return mountPanel(component, AlphaPanel, ".alpha-panel");
}
