"""The app as a person sees it in the browser: find things by their visible label."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import Locator, Page, expect

from core.features import FEATURES_BY_KEY


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
