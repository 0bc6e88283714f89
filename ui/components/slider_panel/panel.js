// The Predict page's slider panel: eleven range inputs, the prediction and the contribution
// bars, drawn from the payload `core.slider_payload.panel_payload` builds.
//
// For the linear kinds the payload carries the folded model (bias + Σ wᵢ·xᵢ), so every `input`
// event recomputes the prediction and the bars here, in microseconds. On release (and shortly
// after the last key press) the values go to Python, which clamps them, recomputes with `core`
// and sends its own numbers back: those replace the preview. Every value from Python reaches
// the page as text or an attribute, never as markup. RangePanel, element, fill, placeBar and
// mountPanel are the panels' shared script (ui/components/shared/panel.js), put in front.

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

// A typed value: a number written with "." or the reader's decimal comma, spaces allowed;
// null when it is not one.
export function typedNumber(text) {
  const cleaned = String(text).trim().replace(/\s+/g, "").replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return null;
  const number = Number(cleaned);
  return Number.isFinite(number) ? number : null;
}

// A signed label with two decimals that never reads "-0.00" (`format` writes the number the
// reader's way: "0,12" in French).
export function signed(value, format = (number, decimals) => number.toFixed(decimals)) {
  const rounded = Number(Math.abs(value).toFixed(2));
  if (rounded === 0) return format(0, 2);
  return (value > 0 ? "+" : "−") + format(rounded, 2);
}

// Numbers in the reader's way for a BCP 47 locale ("5,57" in fr-FR), one formatter per count
// of decimals; plain toFixed when the browser cannot format for that locale.
export function numberFormat(locale) {
  const formats = new Map();
  return (number, decimals) => {
    if (!formats.has(decimals)) {
      try {
        formats.set(
          decimals,
          new Intl.NumberFormat(locale || "en-GB", {
            minimumFractionDigits: decimals,
            maximumFractionDigits: decimals,
            useGrouping: false,
          }),
        );
      } catch {
        formats.set(decimals, null);
      }
    }
    const format = formats.get(decimals);
    return format ? format.format(number) : number.toFixed(decimals);
  };
}

function formatValue(feature, value, format) {
  const number = format(value, feature.decimals);
  return feature.unit ? `${number} ${feature.unit}` : number;
}

class Panel extends RangePanel {
  constructor(root, setStateValue) {
    super(root, setStateValue);
    this.texts = {};
    this.format = numberFormat("en-GB");
    this.signature = "";
    this.typing = false;
    this.root.wineLabPreview = previewLinear;
    this.root.wineLabTyped = typedNumber;
  }

  // The panel's own words, from Python in the reader's language (the HTML's English until then).
  text(key) {
    return this.texts[key] ?? "";
  }

  update(data) {
    this.data = data;
    // A rerun that began before the latest send carries older values: showing them would undo
    // the moves made since (a key press lost under load). The rerun for that send follows.
    const stale = (data.received ?? 0) < this.sent;
    if (!stale) this.lastSent = "";
    this.texts = data.texts ?? {};
    this.format = numberFormat(data.locale);
    this.root.querySelectorAll("[data-text]").forEach((node) => {
      if (this.texts[node.dataset.text]) node.textContent = this.texts[node.dataset.text];
    });
    this.root.querySelectorAll("[data-aria-text]").forEach((node) => {
      if (this.texts[node.dataset.ariaText]) {
        node.setAttribute("aria-label", this.texts[node.dataset.ariaText]);
      }
    });
    setColours(this.root, data.colours);
    const signature = JSON.stringify([data.features, data.locale, this.texts]);
    const rebuilt = signature !== this.signature;
    if (rebuilt) {
      this.signature = signature;
      this.buildSliders(data.features);
      this.buildBars(data.features);
    }
    this.root.querySelector(".axis-note").textContent = data.axis_note;
    this.root.querySelector(".method-note").textContent = data.method_line;
    this.root.querySelector(".interval-meaning").textContent = data.interval_meaning;
    this.root.querySelector(".interval-meaning").title = data.interval_help;
    this.root.dataset.linear = data.linear ? "yes" : "no";
    const texts = data.texts;
    this.root.querySelector(".keys-help").textContent = texts.keys_help;
    this.root.querySelector(".touch-help").textContent = texts.touch_help;
    // New inputs hold no value of their own yet: they take Python's even from a stale rerun.
    if (rebuilt || (!this.busy() && !stale)) this.applyPython();
  }

  busy() {
    return super.busy() || this.typing;
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
    const announce = this.text("announce") || "Predicted quality {quality}";
    this.root.querySelector(".announcer").textContent = [
      announce.replace("{quality}", this.format(prediction.quality, 2)),
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
    const texts = this.data.texts;
    grid.replaceChildren();
    this.fields = [];
    this.inputs = features.map((feature, index) => {
      const row = element("div", "slider");
      const id = `panel-${feature.key}`;
      const label = element("label", "slider-label", feature.label);
      label.htmlFor = `${id}-field`;
      const info = element("button", "info-button", "i");
      info.type = "button";
      info.setAttribute("aria-label", fill(texts.info, { label: feature.label }));
      info.setAttribute("aria-expanded", "false");
      info.setAttribute("aria-controls", `${id}-help`);
      const field = element("input", "slider-field");
      Object.assign(field, { type: "text", id: `${id}-field`, inputMode: "decimal" });
      field.autocomplete = "off";
      field.spellcheck = false;
      field.dataset.key = feature.key;
      field.setAttribute("aria-describedby", `${id}-problem`);
      const unit = element("span", "slider-unit", feature.unit);
      const typed = element("span", "slider-typed");
      typed.append(field, unit);
      const input = element("input");
      Object.assign(input, { type: "range", id, min: feature.low, max: feature.high });
      input.step = String(feature.resolution);
      input.dataset.key = feature.key;
      input.setAttribute("aria-label", feature.label);
      const help = element("p", "slider-help", feature.help);
      help.id = `${id}-help`;
      help.hidden = true;
      input.setAttribute("aria-describedby", help.id);
      const problem = element("p", "slider-problem");
      problem.id = `${id}-problem`;
      problem.setAttribute("aria-live", "polite");
      const bounds = element("div", "slider-bounds");
      bounds.append(
        element("span", "", this.format(feature.low, feature.decimals)),
        element("span", "", this.format(feature.high, feature.decimals)),
      );
      const name = element("span", "slider-name");
      name.append(label, info);
      const head = element("div", "slider-head");
      head.append(name, typed);
      row.append(head, help, problem, input, bounds);
      grid.append(row);
      info.addEventListener("click", () => {
        help.hidden = !help.hidden;
        info.setAttribute("aria-expanded", String(!help.hidden));
      });
      this.listen(input, index);
      field.addEventListener("input", () => this.onType(index, false));
      field.addEventListener("change", () => this.onType(index, true));
      field.addEventListener("keydown", (event) => {
        if (event.key === "Enter") this.onType(index, true);
      });
      this.fields.push(field);
      return input;
    });
  }

  // A typed value: a good one moves the slider and the preview; committed (Enter, or the
  // field left) it goes to Python. A bad one says why beside the field and changes nothing.
  onType(index, commit) {
    const feature = this.data.features[index];
    const field = this.fields[index];
    const number = typedNumber(field.value);
    const texts = this.data.texts;
    let problem = "";
    if (number === null) {
      problem = field.value.trim() === "" ? texts.empty : texts.not_number;
    } else if (number < feature.low || number > feature.high) {
      problem = fill(texts.outside, {
        low: this.format(feature.low, feature.decimals),
        high: this.format(feature.high, feature.decimals),
      });
    }
    this.showProblem(index, problem);
    if (problem) {
      this.typing = !commit;
      if (commit) this.setInput(this.inputs[index], feature, this.data.values[feature.key], true);
      return;
    }
    const value = roundedValue(feature, number);
    this.inputs[index].value = String(value);
    this.typing = !commit;
    this.showPreview();
    if (commit) {
      this.setInput(this.inputs[index], feature, value);
      this.send();
    }
  }

  showProblem(index, text) {
    const field = this.fields[index];
    field.setAttribute("aria-invalid", text ? "true" : "false");
    field.closest(".slider").querySelector(".slider-problem").textContent = text;
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
    rows.append(level("base", this.text("average_wine") || "Average wine"));
    features.forEach((feature) => {
      const row = element("div", "bar-row part");
      row.dataset.key = feature.key;
      const track = element("div", "track part-track");
      track.append(element("span", "zero"), element("span", "bar"));
      row.append(element("span", "bar-name", feature.label), track, element("span", "bar-value"));
      rows.append(row);
    });
    rows.append(level("total", this.text("this_wine") || "This wine"));
  }

  // A value on the slider and in its typed field (a field being typed in keeps its text,
  // unless `keepProblem` puts the last good value back after a bad one).
  setInput(input, feature, value, keepProblem = false) {
    input.value = String(value);
    input.setAttribute("aria-valuetext", formatValue(feature, value, this.format));
    const field = input.closest(".slider").querySelector(".slider-field");
    const editing = document.activeElement === field || field.matches(":focus");
    const shown = roundedValue(feature, typedNumber(field.value) ?? Number.NaN);
    if (!editing || keepProblem || shown !== value) {
      field.value = this.format(value, feature.decimals);
    }
    if (!keepProblem) this.showProblem(this.inputs.indexOf(input), "");
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
      this.setStatus(this.text(this.dragging ? "release" : "computing"));
      return;
    }
    const { quality, base, parts } = previewLinear(
      this.data.linear,
      this.values(),
      this.data.quality_range,
    );
    this.showQuality(quality);
    this.showBars(base, parts, quality);
    this.setStatus(this.text("interval_updating"));
  }

  onKey(event, index) {
    const feature = this.data.features[index];
    const input = this.inputs[index];
    const value = Number(input.value);
    const small = event.shiftKey ? feature.step : feature.resolution;
    const moves = {
      ArrowRight: value + small,
      ArrowUp: value + small,
      ArrowLeft: value - small,
      ArrowDown: value - small,
      PageUp: value + PAGE_STEPS * feature.step,
      PageDown: value - PAGE_STEPS * feature.step,
      Home: feature.low,
      End: feature.high,
    };
    if (!(event.key in moves)) return;
    this.keyMoved(event);
    this.setInput(input, feature, roundedValue(feature, moves[event.key]));
    this.onInput(index);
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
    const byKey = {};
    this.data.features.forEach((feature, index) => {
      byKey[feature.key] = values[index];
    });
    if (this.post(JSON.stringify(values), { values: byKey }) && !this.data.linear) {
      this.setStatus(this.text("computing"));
    }
  }

  showQuality(quality) {
    this.root.querySelector(".quality").textContent = this.format(quality, 2);
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
        value.textContent = this.format(level, 2);
        return;
      }
      const part = parts[index - 1];
      placeBar(row.querySelector(".bar"), part, axis);
      const label = signed(part, this.format);
      row.dataset.sign = label.startsWith("+") ? "up" : label.startsWith("−") ? "down" : "zero";
      row.dataset.clipped = Math.abs(part) > axis ? "yes" : "no";
      value.textContent = label;
    });
  }
}

export default function sliderPanel(component) {
  return mountPanel(component, Panel, ".panel");
}
