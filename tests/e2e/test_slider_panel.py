"""Predict's slider panel in a real Chromium, at desktop (1440×900) and phone (390×844) size.

Behaviours checked, on both screens (6 once, 10 on the phone only):
1. during a mouse drag (desktop) or a touch drag (phone) the shown prediction changes many
   times; after release it is core's prediction for the values the inputs then hold, which is
   plain scikit-learn's;
2. keyboard moves (arrows by one step of the data, Shift+arrows and PageUp/PageDown by
   bigger steps, Home/End) end on the same agreement;
3. on the phone the prediction is in the viewport, clear of the header, after the moves;
4. the sliders come in the declared feature order;
5. the contribution bars' scale is the same before and after a move;
6. the browser's own preview function agrees with core on many random wines;
7. a link's value outside the bounds is clamped before the panel shows it;
8. nothing scrolls sideways, and a moved value survives a visit to another page;
9. the wine switch on the page (no sidebar needed) moves the sliders to the new wine's median
   and says so;
10. on the phone, a vertical swipe that starts on a slider scrolls the page and leaves the
    slider's value as it was;
11. a wine far from the data is warned inside the prediction box, in view beside its wider
    interval, and the grades listed are grades real wines got;
12. on a phone (a phone's user agent), choosing a page in the sidebar menu folds the menu away
    (Streamlit does it for mobile user agents only).
No console errors anywhere (the fixture fails the test on any).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Browser, expect
from sklearn.linear_model import Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from core.data import load_wine
from core.explain import contributions
from core.features import FEATURE_KEYS, FEATURES
from core.scoring import predict_one
from harness.server import RunningApp
from tests.e2e.app_page import SCREENS, WineLab, watched_session
from tests.e2e.expected import ranges, trained
from tests.splits import grouped_train_test_split

pytestmark = pytest.mark.e2e

PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
# Shown predictions the page draws while a drag lasts, collected in the page itself.
WATCH = """panel => {
  const shown = panel.querySelector('[data-testid=panel-prediction]');
  window.seenPredictions = [];
  new MutationObserver(() => window.seenPredictions.push(shown.textContent))
    .observe(shown, {childList: true, characterData: true, subtree: true});
}"""


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def lab(browser: Browser, app_server: RunningApp, screen: str) -> Iterator[WineLab]:
    with watched_session(browser, app_server.url, screen) as opened:
        yield opened


@pytest.fixture
def phone(browser: Browser, app_server: RunningApp) -> Iterator[WineLab]:
    with watched_session(browser, app_server.url, "phone") as opened:
        yield opened


@pytest.fixture
def desktop(browser: Browser, app_server: RunningApp) -> Iterator[WineLab]:
    with watched_session(browser, app_server.url, "desktop") as opened:
        yield opened


@pytest.fixture(scope="module")
def reference() -> Pipeline:
    """The tutorial's pipeline on red wines, fitted without `core`."""
    frame = load_wine("red")
    x, y = frame[list(FEATURE_KEYS)].to_numpy(), frame["quality"].to_numpy()
    x_train, _, y_train, _ = grouped_train_test_split(x, y, frame)
    return make_pipeline(StandardScaler(), Ridge(alpha=0.5)).fit(x_train, y_train)


def _open(lab: WineLab) -> WineLab:
    lab.open()
    lab.wait_for_python()
    return lab


def _assert_shows_core_and_sklearn(lab: WineLab, reference: Pipeline) -> None:
    """After release: the shown number is core's for the inputs' values, and scikit-learn's."""
    lab.wait_for_python()
    values = lab.panel_values()
    expected = predict_one(trained("red"), values).quality
    expect(lab.predicted_quality()).to_have_text(f"{expected:.2f}")
    row = np.array([[values[key] for key in FEATURE_KEYS]])
    assert expected == pytest.approx(reference.predict(row)[0], abs=1e-9)


def _drag(lab: WineLab, screen: str, key: str) -> None:
    """Drag the slider's thumb from its value to near the right end over about a second."""
    box = lab.slider(key).bounding_box()
    assert box is not None
    bounds = ranges("red")[key]
    start = box["x"] + box["width"] * (bounds.median - bounds.low) / (bounds.high - bounds.low)
    end, y = box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2
    lab.drag(start, end, y, touch=screen == "phone", steps=40, pause_ms=25)


def _swipe_up(lab: WineLab, key: str) -> None:
    """A thumb on the phone swipes up from a point of the slider's track away from its thumb."""
    box = lab.slider(key).bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] * 0.85, box["y"] + box["height"] / 2
    touch = lab.page.context.new_cdp_session(lab.page)
    touch.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
    )
    for index in range(1, 21):
        point = {"x": x + index * 0.3, "y": y - 15 * index}
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        lab.page.wait_for_timeout(16)
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def _in_view_below_header(lab: WineLab) -> None:
    box = lab.predicted_quality().bounding_box()
    header = lab.page.get_by_test_id("stHeader").bounding_box()
    viewport = lab.page.viewport_size
    assert box is not None
    assert header is not None
    assert viewport is not None
    assert box["y"] >= header["y"] + header["height"] - 1
    assert box["y"] + box["height"] <= viewport["height"]


def test_a_drag_moves_the_prediction_many_times_then_lands_on_core(
    lab: WineLab, screen: str, reference: Pipeline, screenshot_dir: Path
) -> None:
    _open(lab)
    lab.slider("alcohol").scroll_into_view_if_needed()
    lab.panel().evaluate(WATCH)
    _drag(lab, screen, "alcohol")
    seen = lab.page.evaluate("() => window.seenPredictions")
    assert len(set(seen)) >= 10, seen
    _assert_shows_core_and_sklearn(lab, reference)
    assert lab.panel_values()["alcohol"] > ranges("red")["alcohol"].median
    if screen == "phone":
        _in_view_below_header(lab)
        lab.page.screenshot(path=str(screenshot_dir / "predict_phone.png"))


def test_a_vertical_swipe_on_a_slider_scrolls_without_moving_it(phone: WineLab) -> None:
    lab = _open(phone)
    alcohol = lab.slider("alcohol")
    alcohol.scroll_into_view_if_needed()
    before = alcohol.input_value()
    top = alcohol.bounding_box()["y"]  # type: ignore[index]
    _swipe_up(lab, "alcohol")
    lab.wait_for_python()
    expect(alcohol).to_have_value(before)
    assert alcohol.bounding_box()["y"] < top - 50  # type: ignore[index]  # the page scrolled


@pytest.mark.parametrize(
    ("key", "presses", "expected"),
    [
        ("alcohol", ["ArrowRight"] * 3, lambda b: b.median + 3 * b.step),
        ("volatile_acidity", ["Shift+ArrowRight"], lambda b: b.median + b.key_step),
        ("density", ["PageUp"], lambda b: b.median + 10 * b.key_step),
        ("chlorides", ["End"], lambda b: b.high),
        ("sulphates", ["Home", "ArrowUp"], lambda b: b.low + b.step),
    ],
)
def test_keyboard_moves_land_on_core(
    lab: WineLab, screen: str, reference: Pipeline, key, presses, expected
) -> None:
    _open(lab)
    slider = lab.slider(key)
    before = lab.predicted_quality().inner_text()
    slider.focus()
    for press in presses:
        slider.press(press)
    bounds = ranges("red")[key]
    value = round(expected(bounds), bounds.decimals)
    expect(slider).to_have_value(f"{value:g}")
    _assert_shows_core_and_sklearn(lab, reference)
    assert lab.predicted_quality().inner_text() != before
    if screen == "phone":
        _in_view_below_header(lab)


def test_sliders_come_in_the_declared_order(lab: WineLab) -> None:
    _open(lab)
    names = (
        lab.panel()
        .locator('input[type="range"]')
        .evaluate_all("inputs => inputs.map(input => input.getAttribute('aria-label'))")
    )
    assert names == [feature.label for feature in FEATURES]
    # Reading order: rows top to bottom, left to right within a row (on a wide screen the
    # sliders with their typed fields stand in a grid of two columns, one per phone line).
    cells = lab.panel().locator(".slider")
    expect(cells).to_have_count(len(FEATURES))
    labels = cells.locator('input[type="range"]').evaluate_all(
        "inputs => inputs.map(input => input.getAttribute('aria-label'))"
    )
    assert labels == names
    rows = [(round(box["y"]), box["x"]) for box in map(_box, cells.all())]
    assert rows == sorted(rows)
    if lab.page.viewport_size["width"] >= 1000:  # type: ignore[index]
        assert len({y for y, _ in rows}) < len(rows), "a wide screen puts sliders side by side"


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None
    return box


def test_the_bars_keep_their_scale_when_a_slider_moves(lab: WineLab) -> None:
    _open(lab)
    note = lab.page.get_by_test_id("panel-axis-note")
    alcohol_bar = lab.panel().locator('.bar-row[data-key="alcohol"]')
    scale_before = note.inner_text()
    zero_before = _horizontal(alcohol_bar.locator(".zero").bounding_box())
    lab.slider("alcohol").focus()
    lab.slider("alcohol").press("PageUp")
    lab.wait_for_python()
    assert note.inner_text() == scale_before
    assert _horizontal(alcohol_bar.locator(".zero").bounding_box()) == zero_before
    expect(alcohol_bar.locator(".bar-value")).to_have_text(_signed_alcohol_part(lab))


def _horizontal(box: dict | None) -> tuple[float, float]:
    """Where the zero line sits across the row (the page may scroll vertically)."""
    assert box is not None
    return box["x"], box["width"]


def _signed_alcohol_part(lab: WineLab) -> str:
    part = contributions(trained("red"), lab.panel_values()).parts["alcohol"]
    text = f"{abs(part):.2f}"
    return "0.00" if float(text) == 0 else ("+" if part > 0 else "−") + text


def test_the_browsers_preview_agrees_with_core_on_random_wines(desktop: WineLab) -> None:
    """Once, on the desktop: the arithmetic does not depend on the screen."""
    lab = _open(desktop)
    result = trained("red")
    bounds = ranges("red")
    rng = np.random.default_rng(0)
    wines = [
        {key: float(rng.uniform(bounds[key].low, bounds[key].high)) for key in FEATURE_KEYS}
        for _ in range(300)
    ]
    linear = {
        "weights": result.linear_weights.weights.tolist(),  # type: ignore[union-attr]
        "bias": result.linear_weights.bias,  # type: ignore[union-attr]
        "means": result.train_feature_mean.tolist(),
    }
    previews = lab.panel().evaluate(
        "(panel, [linear, wines]) => wines.map(values => panel.wineLabPreview(linear, values, "
        "[0, 10]))",
        [linear, [[wine[key] for key in FEATURE_KEYS] for wine in wines]],
    )
    for wine, preview in zip(wines, previews, strict=True):
        explained = contributions(result, wine)
        assert preview["quality"] == pytest.approx(predict_one(result, wine).quality, abs=1e-9)
        assert preview["base"] == pytest.approx(explained.base, abs=1e-9)
        assert preview["parts"] == pytest.approx(list(explained.parts.values()), abs=1e-9)


def test_a_link_value_outside_the_bounds_is_clamped_before_the_panel_shows_it(
    lab: WineLab,
) -> None:
    """A range input clamps by itself; the value text (drawn from Python's payload) proves
    that the panel was given the clamped value."""
    lab.open("/", alcohol="99", ph="1")
    high, low = ranges("red")["alcohol"].high, ranges("red")["ph"].low
    expect(lab.slider("alcohol")).to_have_value(f"{high:g}")
    expect(lab.slider("ph")).to_have_value(f"{low:g}")
    expect(lab.slider("alcohol")).to_have_attribute("aria-valuetext", f"{high:.1f} % vol.")
    expect(lab.alerts().filter(has_text="outside the sliders' range")).to_be_visible()


def test_nothing_scrolls_sideways_and_values_survive_a_page_switch(lab: WineLab) -> None:
    _open(lab)
    main = lab.page.get_by_test_id("stMain")
    assert main.evaluate("main => main.scrollWidth <= main.clientWidth")
    alcohol = lab.slider("alcohol")
    alcohol.focus()
    alcohol.press("PageUp")
    lab.wait_for_python()
    moved = alcohol.input_value()
    for title, heading in (("Explore", "Explore"), ("Predict", "Predict the quality")):
        if lab.sidebar().get_attribute("data-collapsed") == "true":
            lab.page.get_by_test_id("stExpandSidebarButton").click()
        lab.go_to(title, heading)
    expect(lab.slider("alcohol")).to_have_value(moved)


def test_the_wine_switch_on_the_page_moves_the_sliders_to_its_median(lab: WineLab) -> None:
    """Both ways: red to white, then back to red, each said once."""
    _open(lab)
    switch = lab.page.get_by_test_id("stButtonGroup").filter(has_text="Red")
    for wine in ("white", "red"):
        switch.get_by_text(wine.capitalize(), exact=True).click()
        bounds = ranges(wine)["alcohol"]
        expect(lab.slider("alcohol")).to_have_attribute("max", f"{bounds.high:g}")
        expect(lab.slider("alcohol")).to_have_value(f"{bounds.median:g}")
        said = lab.alerts().filter(has_text=f"the sliders moved to the median {wine} wine")
        expect(said).to_be_visible()
        expect(lab.alerts().filter(has_text="Switched to")).to_have_count(1)


def test_a_far_wine_is_warned_in_view_beside_its_wider_interval(lab: WineLab) -> None:
    far = {"alcohol": "14.9", "volatile_acidity": "0.12", "sulphates": "2"}
    lab.open("/", **far)
    lab.wait_for_python()
    result = lab.page.get_by_test_id("panel-result")
    warning = result.locator(".note.warning")
    expect(warning).to_contain_text("far from every real wine")
    expect(lab.page.get_by_test_id("panel-interval")).to_contain_text(
        "(real red wines were graded 3 to 8)"
    )
    lab.slider("alcohol").scroll_into_view_if_needed()
    expect(warning).to_be_in_viewport()
    # said once, in the pinned box, not again as a page alert (the "what would make it
    # better" section's own line about its suggested change is another matter)
    expect(
        lab.alerts().filter(has_text="this combination is far from every real wine")
    ).to_have_count(0)
    grades = lab.page.get_by_test_id("panel-interval").inner_text().split("grades ")[1]
    assert set(grades.split(" (")[0].split(", ")) <= {"3", "4", "5", "6", "7", "8"}


def test_choosing_a_page_on_a_phone_folds_the_menu_away(
    browser: Browser, app_server: RunningApp
) -> None:
    context = browser.new_context(**SCREENS["phone"], user_agent=PHONE_AGENT)
    lab = WineLab(context.new_page(), app_server.url)
    _open(lab)
    expect(lab.sidebar()).to_have_attribute("data-collapsed", "true")
    lab.page.get_by_test_id("stExpandSidebarButton").click()
    expect(lab.sidebar()).to_have_attribute("data-collapsed", "false")
    lab.go_to("Explore", "Explore")
    expect(lab.sidebar()).to_have_attribute("data-collapsed", "true")
    context.close()
