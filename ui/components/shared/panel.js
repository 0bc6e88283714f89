// What Predict's slider panel and Train's alpha panel share: range inputs that preview while
// they move and send their values to Python on release (and shortly after the last key
// press), the panel kept across reruns, and the small drawing helpers. `ui/component_files.py`
// puts this file in front of each panel's own script, so both run it as their own code.

const SEND_AFTER_KEYS_MS = 150;
const PAGE_STEPS = 10;
const panels = new WeakMap();

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// A message of the payload's texts with its {named} values filled in.
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

// A bar from the zero line in the middle of its track: half the track is `axis`.
function placeBar(bar, value, axis) {
  const share = Math.min(Math.abs(value) / axis, 1);
  bar.style.width = `${50 * share}%`;
  bar.style.left = value >= 0 ? "50%" : `${50 - 50 * share}%`;
}

// The palette's colours (ui/palette.py, sent in the payload) as the CSS's custom properties.
function setColours(root, colours) {
  for (const [name, colour] of Object.entries(colours || {})) root.style.setProperty(name, colour);
}

// A panel of range inputs: `onInput(index)` and `onKey(event, index)` preview, `send()` sends,
// `applyPython()` shows Python's numbers again; each panel writes those four.
class RangePanel {
  constructor(root, setStateValue) {
    this.root = root;
    this.setStateValue = setStateValue;
    this.data = null;
    this.inputs = [];
    this.dragging = false;
    this.keyTimer = null;
    this.sent = 0;
    this.lastSent = "";
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

  busy() {
    return this.dragging || this.keyTimer !== null;
  }

  // The events of one range input: a drag or a key previews, a release or a pause sends.
  listen(input, index) {
    input.addEventListener("input", () => this.onInput(index));
    input.addEventListener("pointerdown", () => {
      this.dragging = true;
    });
    input.addEventListener("keydown", (event) => this.onKey(event, index));
    input.addEventListener("change", () => {
      if (!this.dragging && this.keyTimer === null) this.send();
    });
  }

  // A key that moves a control: the preview now, the send once the keys pause.
  keyMoved(event) {
    event.preventDefault();
    clearTimeout(this.keyTimer);
    this.keyTimer = setTimeout(() => {
      this.keyTimer = null;
      this.send();
    }, SEND_AFTER_KEYS_MS);
  }

  onRelease() {
    if (!this.dragging) return;
    this.dragging = false;
    this.send();
  }

  // The browser took the gesture over (a vertical swipe that started on a slider scrolls the
  // page): whatever the touch did to the control is undone, nothing is sent.
  onCancel() {
    if (!this.dragging) return;
    this.dragging = false;
    this.applyPython();
  }

  // The values to Python once (the same values twice are sent once), numbered so a rerun
  // can say which send it saw. False when they were sent already.
  post(signature, value) {
    if (signature === this.lastSent) return false;
    this.lastSent = signature;
    this.sent = Math.max(this.sent + 1, Date.now());
    this.setStateValue("sent", { ...value, n: this.sent });
    return true;
  }

  setStatus(text) {
    this.root.querySelector(".status").textContent = text;
  }
}

// The component's entry: one panel per mount point, kept across reruns, updated with each
// payload (`Panel` a RangePanel, `selector` its root inside the component's HTML).
function mountPanel(component, Panel, selector) {
  const { data, parentElement, setStateValue } = component;
  let panel = panels.get(parentElement);
  if (!panel || !panel.root.isConnected) {
    panel?.destroy();
    panel = new Panel(parentElement.querySelector(selector), setStateValue);
    panels.set(parentElement, panel);
  }
  panel.setStateValue = setStateValue;
  panel.update(data);
  return () => {
    panel.destroy();
    panels.delete(parentElement);
  };
}
