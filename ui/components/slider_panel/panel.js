// The Predict page's slider panel: eleven range inputs, the prediction and the contribution
// bars, drawn from the payload `core.preview.panel_payload` builds.
//
// For the linear kinds the payload carries the folded model (bias + Σ wᵢ·xᵢ), so every `input`
// event recomputes the prediction and the bars here, in microseconds. On release (and shortly
// after the last key press) the values go to Python, which clamps them, recomputes with `core`
// and sends its own numbers back: those replace the preview. Every value from Python reaches
// the page as text or an attribute, never as markup.

const SEND_AFTER_KEYS_MS = 150;
const PAGE_STEPS = 10;
const panels = new WeakMap();

// The preview's arithmetic, the same as core.scoring.predict_rows and core.explain for the
// linear kinds: parts are wᵢ·(xᵢ − meanᵢ), the base is bias + Σ wᵢ·meanᵢ, the prediction is
// bias + Σ wᵢ·xᵢ clipped to the quality scale. `values` is in feature order.
export function previewLinear(linear, values, qualityRange) {
  let raw = linear.bias;
  let base = linear.bias;
  const parts = [];
  for (let i = 0; i < values.length; i += 1) {
    raw += linear.weights[i] * values[i];
    base += linear.weights[i] * linear.means[i];
    parts.push(linear.weights[i] * (values[i] - linear.means[i]));
  }
  const quality = Math.min(Math.max(raw, qualityRange[0]), qualityRange[1]);
  return { quality, base, parts };
}

// A value as the data writes it: clamped to the bounds, rounded to the data's decimals.
export function roundedValue(feature, value) {
  const clamped = Math.min(Math.max(value, feature.low), feature.high);
  return Number(clamped.toFixed(feature.decimals));
}

// A signed label with two decimals that never reads "-0.00".
export function signed(value) {
  const text = Math.abs(value).toFixed(2);
  if (Number(text) === 0) return "0.00";
  return (value > 0 ? "+" : "−") + text;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function formatValue(feature, value) {
  const number = value.toFixed(feature.decimals);
  return feature.unit ? `${number} ${feature.unit}` : number;
}

class Panel {
  constructor(parentElement, setStateValue) {
    this.root = parentElement.querySelector(".panel");
    this.setStateValue = setStateValue;
    this.data = null;
    this.signature = "";
    this.inputs = [];
    this.dragging = false;
    this.keyTimer = null;
    this.sent = 0;
    this.lastSent = "";
    this.root.wineLabPreview = previewLinear;
    this.root.wineLabSigned = signed;
    this.release = () => this.onRelease();
    this.cancel = () => this.onCancel();
    window.addEventListener("pointerup", this.release);
    window.addEventListener("pointercancel", this.cancel);
  }

  destroy() {
    window.removeEventListener("pointerup", this.release);
    window.removeEventListener("pointercancel", this.cancel);
    clearTimeout(this.keyTimer);
  }

  update(data) {
    this.data = data;
    this.lastSent = "";
    const signature = JSON.stringify(data.features);
    if (signature !== this.signature) {
      this.signature = signature;
      this.buildSliders(data.features);
      this.buildBars(data.features);
    }
    this.root.querySelector(".axis-note").textContent = data.axis_note;
    this.root.querySelector(".method-note").textContent = data.method_line;
    this.root.querySelector(".interval-meaning").textContent = data.interval_meaning;
    this.root.querySelector(".interval-meaning").title = data.interval_help;
    this.root.dataset.linear = data.linear ? "yes" : "no";
    if (!this.busy()) this.applyPython();
  }

  busy() {
    return this.dragging || this.keyTimer !== null;
  }

  // Python's values and numbers, the authority: shown whenever the user is not mid-move.
  applyPython() {
    const data = this.data;
    this.inputs.forEach((input, index) => {
      const feature = data.features[index];
      this.setInput(input, feature, data.values[feature.key]);
    });
    const { prediction, contributions } = data;
    this.showQuality(prediction.quality);
    this.showBars(contributions.base, contributions.parts, prediction.quality);
    this.root.querySelector(".interval").textContent = prediction.interval;
    this.showNotes(data.warnings, data.notes);
    this.setStatus("");
    this.root.dataset.state = "python";
    this.root.querySelector(".announcer").textContent = [
      `Predicted quality ${prediction.quality.toFixed(2)}`,
      ...data.warnings,
    ].join(". ");
  }

  // Warnings (trust this prediction less) and notes (which real wine this is), as text.
  showNotes(warnings, notes) {
    this.root
      .querySelector(".notes")
      .replaceChildren(
        ...warnings.map((text) => element("p", "note warning", text)),
        ...notes.map((text) => element("p", "note info", text)),
      );
  }

  buildSliders(features) {
    const grid = this.root.querySelector(".slider-grid");
    grid.replaceChildren();
    this.inputs = features.map((feature, index) => {
      const row = element("div", "slider");
      const id = `panel-${feature.key}`;
      const label = element("label", "slider-label", feature.label);
      label.htmlFor = id;
      label.title = feature.help;
      const shown = element("span", "slider-value");
      shown.setAttribute("aria-hidden", "true");
      const input = element("input");
      Object.assign(input, { type: "range", id, min: feature.low, max: feature.high });
      input.step = "any";
      input.dataset.key = feature.key;
      input.setAttribute("aria-label", feature.label);
      const help = element("span", "visually-hidden", feature.help);
      help.id = `${id}-help`;
      input.setAttribute("aria-describedby", help.id);
      const bounds = element("div", "slider-bounds");
      bounds.append(
        element("span", "", feature.low.toFixed(feature.decimals)),
        element("span", "", feature.high.toFixed(feature.decimals)),
      );
      const head = element("div", "slider-head");
      head.append(label, shown);
      row.append(head, input, bounds, help);
      grid.append(row);
      input.addEventListener("input", () => this.onInput(index));
      input.addEventListener("pointerdown", () => {
        this.dragging = true;
      });
      input.addEventListener("keydown", (event) => this.onKey(event, index));
      input.addEventListener("change", () => {
        if (!this.dragging && this.keyTimer === null) this.send();
      });
      return input;
    });
  }

  buildBars(features) {
    const rows = this.root.querySelector(".bar-rows");
    rows.replaceChildren();
    const level = (className, name) => {
      const row = element("div", `bar-row level ${className}`);
      const track = element("div", "track level-track");
      track.append(element("span", "marker"));
      row.append(element("span", "bar-name", name), track, element("span", "bar-value"));
      return row;
    };
    rows.append(level("base", "Average wine"));
    features.forEach((feature) => {
      const row = element("div", "bar-row part");
      row.dataset.key = feature.key;
      const track = element("div", "track part-track");
      track.append(element("span", "zero"), element("span", "bar"));
      row.append(element("span", "bar-name", feature.label), track, element("span", "bar-value"));
      rows.append(row);
    });
    rows.append(level("total", "This wine"));
  }

  setInput(input, feature, value) {
    input.value = String(value);
    const text = formatValue(feature, value);
    input.setAttribute("aria-valuetext", text);
    input.closest(".slider").querySelector(".slider-value").textContent = text;
  }

  values() {
    return this.inputs.map((input, index) =>
      roundedValue(this.data.features[index], Number(input.value)),
    );
  }

  onInput(index) {
    const feature = this.data.features[index];
    const input = this.inputs[index];
    this.setInput(input, feature, roundedValue(feature, Number(input.value)));
    this.showPreview();
  }

  showPreview() {
    this.root.dataset.state = "preview";
    if (!this.data.linear) {
      this.setStatus(this.dragging ? "release to predict" : "computing…");
      return;
    }
    const { quality, base, parts } = previewLinear(
      this.data.linear,
      this.values(),
      this.data.quality_range,
    );
    this.showQuality(quality);
    this.showBars(base, parts, quality);
    this.setStatus("interval updating…");
  }

  onKey(event, index) {
    const feature = this.data.features[index];
    const input = this.inputs[index];
    const value = Number(input.value);
    const moves = {
      ArrowRight: value + feature.step,
      ArrowUp: value + feature.step,
      ArrowLeft: value - feature.step,
      ArrowDown: value - feature.step,
      PageUp: value + PAGE_STEPS * feature.step,
      PageDown: value - PAGE_STEPS * feature.step,
      Home: feature.low,
      End: feature.high,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    clearTimeout(this.keyTimer);
    this.keyTimer = setTimeout(() => {
      this.keyTimer = null;
      this.send();
    }, SEND_AFTER_KEYS_MS);
    this.setInput(input, feature, roundedValue(feature, moves[event.key]));
    this.onInput(index);
  }

  onRelease() {
    if (!this.dragging) return;
    this.dragging = false;
    this.send();
  }

  // The browser took the gesture over (a vertical swipe that started on a slider scrolls the
  // page): whatever the touch did to the slider is undone, nothing is sent.
  onCancel() {
    if (!this.dragging) return;
    this.dragging = false;
    this.applyPython();
  }

  send() {
    const values = this.values();
    const changed = this.data.features.some(
      (feature, index) => values[index] !== this.data.values[feature.key],
    );
    if (!changed) {
      this.applyPython();
      return;
    }
    const signature = JSON.stringify(values);
    if (signature === this.lastSent) return;
    this.lastSent = signature;
    if (!this.data.linear) this.setStatus("computing…");
    this.sent = Math.max(this.sent + 1, Date.now());
    const byKey = {};
    this.data.features.forEach((feature, index) => {
      byKey[feature.key] = values[index];
    });
    this.setStateValue("sent", { values: byKey, n: this.sent });
  }

  setStatus(text) {
    this.root.querySelector(".status").textContent = text;
  }

  showQuality(quality) {
    this.root.querySelector(".quality").textContent = quality.toFixed(2);
  }

  showBars(base, parts, quality) {
    const axis = this.data.axis;
    const [low, high] = this.data.quality_range;
    const rows = this.root.querySelectorAll(".bar-row");
    const levels = [base, quality];
    rows.forEach((row, index) => {
      const value = row.querySelector(".bar-value");
      if (row.classList.contains("level")) {
        const level = levels[index === 0 ? 0 : 1];
        const marker = row.querySelector(".marker");
        marker.style.left = `${(100 * (level - low)) / (high - low)}%`;
        value.textContent = level.toFixed(2);
        return;
      }
      const part = parts[index - 1];
      const share = Math.min(Math.abs(part) / axis, 1);
      const bar = row.querySelector(".bar");
      bar.style.width = `${50 * share}%`;
      bar.style.left = part >= 0 ? "50%" : `${50 - 50 * share}%`;
      const label = signed(part);
      row.dataset.sign = label.startsWith("+") ? "up" : label.startsWith("−") ? "down" : "zero";
      row.dataset.clipped = Math.abs(part) > axis ? "yes" : "no";
      value.textContent = label;
    });
  }
}

export default function sliderPanel(component) {
  const { data, parentElement, setStateValue } = component;
  let panel = panels.get(parentElement);
  if (!panel || !panel.root.isConnected) {
    panel?.destroy();
    panel = new Panel(parentElement, setStateValue);
    panels.set(parentElement, panel);
  }
  panel.setStateValue = setStateValue;
  panel.update(data);
  return () => {
    panel.destroy();
    panels.delete(parentElement);
  };
}
