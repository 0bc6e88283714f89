"""The app in French and in Chinese, in a real Chromium, on a phone and on a desktop.

Scenarios:
1. a browser set to French (or Chinese) opens the app in that language, from its locale
   alone: the page's `<html lang>`, the title, the sidebar and the slider panel's labels;
2. at 390×844 (a phone, touch) and 1440×900 nothing is wider than the window (no sideways
   scrolling) and no slider label is cut off;
3. Chinese text is drawn with real glyphs (a CJK font is installed), not empty boxes;
4. a `lang=fr` link opens in French in an English browser, and the language stays when the
   visitor moves to another page.

Screenshots of each language and size are saved for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from harness.server import RunningApp
from tests.e2e.app_page import WineLab

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1440, "height": 900}}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
# What each language shows, as the catalogs say it.
WORDS = {
    "fr": {"locale": "fr-FR", "html": "fr-FR", "title": "Prédire la qualité d'un vin",
           "model": "Modèle utilisé", "alcohol": "Alcool", "explore": "Explorer"},
    "zh": {"locale": "zh-CN", "html": "zh-Hans", "title": "预测一款葡萄酒的品质",
           "model": "当前使用的模型", "alcohol": "酒精度", "explore": "探索"},
}  # fmt: skip

# A glyph drawn on a canvas, compared with a character no font has (drawn as an empty box).
_GLYPHS_DRAWN = """
text => {
  const font = getComputedStyle(document.querySelector('h1')).fontFamily;
  const draw = character => {
    const canvas = document.createElement('canvas');
    canvas.width = 64; canvas.height = 64;
    const context = canvas.getContext('2d');
    context.font = `40px ${font}`;
    context.fillText(character, 4, 48);
    return Array.from(context.getImageData(0, 0, 64, 64).data).join(',');
  };
  const missing = draw('\\u{10FFFD}');
  return [...text].filter(c => c.trim()).every(c => draw(c) !== missing);
}
"""
_WIDER_THAN_WINDOW = """
() => {
  const root = document.documentElement;
  const main = document.querySelector('[data-testid=stMain]');
  return Math.max(root.scrollWidth - root.clientWidth, main.scrollWidth - main.clientWidth);
}
"""
_CUT_LABELS = """
panel => [...panel.querySelectorAll('.slider-label, .bar-name, .result-label')]
  .filter(node => node.scrollWidth > node.clientWidth + 1)
  .map(node => node.textContent)
"""


@pytest.fixture
def open_page(browser: Browser) -> Iterator:
    """A fresh browser session with a locale and a size; closed after the test."""
    contexts = []

    def make(locale: str, size: dict) -> Page:
        context = browser.new_context(locale=locale, **size)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _opened(page: Page, url: str, words: dict[str, str]) -> WineLab:
    lab = WineLab(page, url)
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text(words["title"])
    lab.wait_until_idle()
    lab.wait_for_python()
    return lab


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("code", sorted(WORDS))
def test_browser_language_opens_the_app_in_it_unclipped(
    open_page, app_server: RunningApp, screenshot_dir: Path, code: str, size: str
) -> None:
    words = WORDS[code]
    page = open_page(words["locale"], SIZES[size])
    lab = _opened(page, app_server.url, words)
    expect(page.locator("html")).to_have_attribute("lang", words["html"])
    alcohol = lab.panel().locator(f'input[type="range"][aria-label="{words["alcohol"]}"]')
    expect(alcohol).to_have_count(1)
    expect(lab.panel().locator(".slider-label", has_text=words["alcohol"])).to_be_visible()
    if size == "desktop":
        expect(lab.sidebar().get_by_text(words["model"])).to_be_visible()
    assert page.evaluate(_WIDER_THAN_WINDOW) <= 1, "the page scrolls sideways"
    assert lab.panel().evaluate(_CUT_LABELS) == []
    expect(lab.exceptions()).to_have_count(0)
    lab.full_page_screenshot(screenshot_dir / f"predict-{code}-{size}.png")


def test_chinese_glyphs_are_drawn(open_page, app_server: RunningApp) -> None:
    page = open_page("zh-CN", DESKTOP)
    _opened(page, app_server.url, WORDS["zh"])
    assert page.evaluate(_GLYPHS_DRAWN, WORDS["zh"]["title"]), "Chinese drawn as empty boxes"


def test_lang_link_opens_in_french_and_stays_french_on_another_page(
    open_page, app_server: RunningApp, screenshot_dir: Path
) -> None:
    page = open_page("en-GB", DESKTOP)
    lab = _opened(page, app_server.url + "/?lang=fr", WORDS["fr"])
    page.get_by_test_id("stSidebarNavLink").filter(has_text=WORDS["fr"]["explore"]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Explorer les vins")
    lab.wait_until_idle()
    expect(page).to_have_url(re.compile(r"[?&]lang=fr\b"))
    expect(page.locator("html")).to_have_attribute("lang", "fr-FR")
    assert page.evaluate(_WIDER_THAN_WINDOW) <= 1
    lab.full_page_screenshot(screenshot_dir / "explore-fr-desktop.png")
