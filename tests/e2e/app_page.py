"""The app as a person sees it in the browser: find things by their visible label."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import Browser, Locator, Page, expect

from core.features import FEATURES_BY_KEY
from tests.e2e.conftest import _is_base_path_probe

# The two screens the panels' tests run on: a desktop, and a touch phone.
SCREENS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1440, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@contextmanager
def watched_session(browser: Browser, url: str, screen: str, **options: Any) -> Iterator[WineLab]:
    """A fresh session at the screen's size (and any other context `options`, such as
    permissions); the test fails on any console or page error."""
    context = browser.new_context(**SCREENS[screen] | options)
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console",
        lambda m: (
            errors.append(m.text) if m.type == "error" and not _is_base_path_probe(m) else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield WineLab(page, url)
    context.close()
    assert errors == []


class WineLab:
    """One browser tab on the app; methods act and wait the way a user would."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self, path: str = "/", **query: str) -> WineLab:
        url = self.base_url + path + (f"?{urlencode(query)}" if query else "")
        self.page.goto(url)
        expect(self.page.get_by_test_id("stSidebar").get_by_text("Model in use")).to_be_visible()
        self.wait_until_idle()
        return self

    def drag(
        self, start: float, end: float, y: float, *, touch: bool, steps: int, pause_ms: int
    ) -> None:
        """A thumb dragged along y from x = start to end: the mouse, or one finger (touch)."""
        if not touch:
            self.page.mouse.move(start, y)
            self.page.mouse.down()
            for index in range(1, steps + 1):
                self.page.mouse.move(start + (end - start) * index / steps, y)
                self.page.wait_for_timeout(pause_ms)
            self.page.mouse.up()
            return
        finger = self.page.context.new_cdp_session(self.page)
        point = {"x": start, "y": y}
        finger.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
        for index in range(1, steps + 1):
            point = {"x": start + (end - start) * index / steps, "y": y}
            finger.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
            self.page.wait_for_timeout(pause_ms)
        finger.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    def go_to(self, title: str, heading: str) -> None:
        """Follow a link of the sidebar's navigation and wait for the page's heading."""
        self.page.get_by_test_id("stSidebarNavLink").filter(has_text=title).click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text(heading)
        self.wait_until_idle()

    def metric_value(self, label: str) -> Locator:
        metric = self.page.get_by_test_id("stMetric").filter(
            has=self.page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
        )
        return metric.get_by_test_id("stMetricValue")

    def predicted_quality(self) -> Locator:
        """The slider panel's prediction (the browser's preview, then Python's number)."""
        return self.page.get_by_test_id("panel-prediction")

    def panel(self) -> Locator:
        return self.page.get_by_test_id("slider-panel")

    def slider(self, feature_key: str) -> Locator:
        """A range input of the slider panel, by its accessible name (the feature's label)."""
        label = FEATURES_BY_KEY[feature_key].label
        return self.panel().locator(f'input[type="range"][aria-label="{label}"]')

    def panel_values(self) -> dict[str, float]:
        """Every slider's value as the page shows it, read from the inputs."""
        return self.panel().evaluate(
            "panel => Object.fromEntries([...panel.querySelectorAll('input[type=range]')]"
            ".map(input => [input.dataset.key, Number(input.value)]))"
        )

    def wait_for_panel_values(self, expected: dict[str, float], timeout_ms: int = 10_000) -> None:
        """Until the sliders hold `expected`, then assert it: a paste's or a button's message
        is drawn above the panel, so it can show before the panel has its new values."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self.panel_values() != expected and time.monotonic() < deadline:
            self.page.wait_for_timeout(100)
        assert self.panel_values() == expected

    def wait_for_python(self) -> None:
        """Until the panel shows Python's numbers (not the browser's preview) and the run ends."""
        expect(self.panel()).to_have_attribute("data-state", "python")
        self.wait_until_idle()

    def slider_labelled(self, label: str) -> Locator:
        """An `st.slider`'s range input by its exact label (its accessible name repeats it).

        Only the visible one: after the wine changes, Streamlit can keep the previous set's
        slider (other bounds, so another widget) hidden in the page for a while.
        """
        return self.page.locator(f'input[type="range"][aria-label="{label}"]').filter(visible=True)

    def move_slider(self, slider: Locator, key: str, presses: int = 1) -> None:
        """Focus a slider and press a key, as a keyboard user would."""
        slider.focus()
        for _ in range(presses):
            slider.press(key)

    def choose_wine(self, label: str) -> None:
        self.page.get_by_role("combobox", name="Wine").click()
        self.page.get_by_role("option", name=label, exact=True).click()

    def sidebar(self) -> Locator:
        return self.page.get_by_test_id("stSidebar")

    def model_in_use(self) -> Locator:
        """The sidebar's line naming the model predictions use (not the notice about a link)."""
        return self.page.locator(".st-key-model_in_use").get_by_test_id("stMarkdown")

    def exceptions(self) -> Locator:
        return self.page.get_by_test_id("stException")

    def alerts(self) -> Locator:
        return self.page.get_by_test_id("stAlert")

    def wait_until_idle(self) -> None:
        """Until the script has finished running (the status widget stops saying so)."""
        expect(self.page.get_by_test_id("stStatusWidget")).to_have_count(0)

    def full_page_screenshot(self, path: Path) -> None:
        """The whole page: Streamlit scrolls inside its main area, so grow the viewport to it."""
        self.wait_until_idle()
        height = self.page.evaluate(
            "() => document.querySelector('[data-testid=stMain]').scrollHeight"
        )
        size = self.page.viewport_size or {"width": 1400, "height": 1000}
        self.page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
        self.page.wait_for_timeout(500)
        self.page.screenshot(path=str(path), full_page=True)
        self.page.set_viewport_size(size)
