"""Train's alpha panel in a real Chromium, at desktop (1440×900) and phone (390×844) size.

Behaviours checked:
1. the page's own JavaScript refits Ridge at 100 random alphas to scikit-learn's `Ridge` on
   core's split and folds: coefficients, intercept, test RMSE/MAE/R², CV RMSE mean and spread
   and the Predict page's wine within 1e-9 relative;
2. the same for Lasso and elastic net (100 random alphas and l1_ratios) within the bound
   scikit-learn's own tolerance allows: its coordinate descent stops at a duality gap of
   `tol·‖y − ȳ‖²` (tol = 1e-4), so by strong convexity its coefficients lie within
   √(2·tol·‖y − ȳ‖² / μ) of the optimum (μ: the smallest eigenvalue of the centred Gram
   matrix plus the L2 weight), and every metric within that distance's image;
3. on both screens, a one-second drag (mouse on the desktop, touch on the phone) shows at
   least 30 distinct test RMSE values; after release the panel shows core's numbers for the
   alpha it sent (those of scikit-learn);
4. keyboard: arrows step along the log scale, PageUp/PageDown ten steps, Home/End the ends;
   the control has an accessible name and value; Python's numbers for an earlier send,
   arriving after a later one, leave the control where the keys took it;
   and every other number the panel shows moves with it: test MAE and R², the training RMSE
   and the gap sentence, CV RMSE ± spread, the wine's prediction, the coefficient bars and
   the markers on both charts;
5. nothing scrolls sideways at 390 px.
No console errors anywhere (the fixture fails the test on any).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator

import numpy as np
import pytest
from playwright.sync_api import Browser, Locator, expect
from sklearn.base import RegressorMixin
from sklearn.linear_model import ElasticNet, Lasso, Ridge
from sklearn.metrics import mean_absolute_error, r2_score, root_mean_squared_error
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.data import load_wine
from core.models import ModelSpec, get_kind
from core.train import spec_split, train_model, training_folds
from harness.server import RunningApp
from tests.e2e.app_page import SCREENS, WineLab, watched_session

pytestmark = pytest.mark.e2e

ESTIMATORS: dict[str, type[RegressorMixin]] = {
    "ridge": Ridge,
    "lasso": Lasso,
    "elasticnet": ElasticNet,
}
SKLEARN_TOL = 1e-4  # Lasso's and ElasticNet's default `tol`, which core keeps
RIDGE_RTOL = 1e-9
SAMPLES = 100
# What the panel draws while a drag lasts, collected in the page itself: each number's text,
# the first coefficient bar's, and where the markers of both charts stand.
MOVING = {
    "rmse": "[data-testid=alpha-test-rmse]",
    "mae": "[data-testid=alpha-test-mae]",
    "r2": "[data-testid=alpha-test-r2]",
    "train": "[data-testid=alpha-train-rmse]",
    "cv": "[data-testid=alpha-cv]",
    "gap": "[data-testid=alpha-gap]",
    "wine": "[data-testid=alpha-wine]",
    "bar": "[data-testid=alpha-bars] .bar-value",
    "path_marker": "[data-testid=alpha-path-chart] .markers",
    "error_marker": "[data-testid=alpha-error-chart] .markers",
}
WATCH = """(panel, moving) => {
  window.seen = {};
  const read = (node) => node.classList.contains('markers')
    ? [...node.querySelectorAll('line, circle')].map(
        (n) => n.getAttribute('x1') + ',' + n.getAttribute('cy')).join(' ')
    : node.textContent;
  for (const [name, selector] of Object.entries(moving)) {
    const node = panel.querySelector(selector);
    window.seen[name] = [];
    new MutationObserver(() => window.seen[name].push(read(node))).observe(node,
      {childList: true, characterData: true, subtree: true, attributes: true});
  }
}"""
# The page's own refit, on a freshly decoded model, at each (alpha, l1_ratio) in turn.
REFIT = """(panel, points) => {
  const lab = panel.wineLabAlpha;
  const model = lab.prepareModel(lab.panel.data);
  return points.map(([alpha, l1]) => lab.refit(model, alpha, l1));
}"""


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def lab(browser: Browser, app_server: RunningApp, screen: str) -> Iterator[WineLab]:
    with watched_session(browser, app_server.url, screen) as opened:
        yield opened


@pytest.fixture
def desktop(browser: Browser, app_server: RunningApp) -> Iterator[WineLab]:
    with watched_session(browser, app_server.url, "desktop") as opened:
        yield opened


def _panel(lab: WineLab) -> Locator:
    return lab.page.get_by_test_id("alpha-panel")


def _open(lab: WineLab, kind: str = "ridge", wine: str = "red") -> Locator:
    lab.page.goto(f"{lab.base_url}/train?wine={wine}&model={kind}")
    panel = _panel(lab)
    # A first visit trains the model and its regularisation path: slow on a busy machine.
    expect(panel).to_have_attribute("data-state", "python", timeout=180_000)
    expect(lab.page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=180_000)
    return panel


def _alpha_input(panel: Locator) -> Locator:
    return panel.locator('input[type="range"][data-name="alpha"]')


def _points(kind: str, seed: int) -> list[tuple[float, float]]:
    """Random alphas, uniform on the log scale of the declared range, and l1_ratios."""
    rng = random.Random(seed)
    declared = get_kind(kind).hyperparameter("alpha")
    low, high = math.log10(declared.low), math.log10(declared.high)
    ratio = 1.0 if kind == "lasso" else 0.0
    return [
        (10 ** rng.uniform(low, high), rng.uniform(0.05, 1.0) if kind == "elasticnet" else ratio)
        for _ in range(SAMPLES)
    ]


def _estimator(kind: str, alpha: float, l1_ratio: float) -> RegressorMixin:
    if kind == "elasticnet":
        return ElasticNet(alpha=alpha, l1_ratio=l1_ratio)
    return ESTIMATORS[kind](alpha=alpha)


def _core_split(kind: str) -> tuple[tuple, list]:
    """The split and folds core trains the default red spec of a kind on."""
    spec, frame = ModelSpec.create("red", kind), load_wine("red")
    return spec_split(spec, frame), training_folds(spec, frame)


def _sklearn(kind: str, alpha: float, l1_ratio: float, split, folds, wine_row) -> dict:
    """Plain scikit-learn on core's split and folds: what the panel must show."""
    x_train, x_test, y_train, y_test = split
    pipeline = make_pipeline(StandardScaler(), _estimator(kind, alpha, l1_ratio))
    pipeline.fit(x_train, y_train)
    predicted = pipeline.predict(x_test)
    fold_rmse = []
    for train, held_out in folds:
        fold = make_pipeline(StandardScaler(), _estimator(kind, alpha, l1_ratio))
        fold.fit(x_train[train], y_train[train])
        predicted_fold = fold.predict(x_train[held_out])
        fold_rmse.append(root_mean_squared_error(y_train[held_out], predicted_fold))
    model = pipeline[-1]
    return {
        "coefficients": model.coef_,
        "intercept": model.intercept_,
        "rmse": root_mean_squared_error(y_test, predicted),
        "mae": mean_absolute_error(y_test, predicted),
        "r2": r2_score(y_test, predicted),
        "train_rmse": root_mean_squared_error(y_train, pipeline.predict(x_train)),
        "cv_mean": float(np.mean(fold_rmse)),
        "cv_std": float(np.std(fold_rmse)),
        "folds": np.array(fold_rmse),
        "wine": float(np.clip(pipeline.predict(wine_row)[0], 0, 10)),
    }


def _shown(refit: dict) -> dict:
    return {
        "coefficients": np.array(refit["coefficients"]),
        "intercept": refit["intercept"],
        "rmse": refit["test"]["rmse"],
        "mae": refit["test"]["mae"],
        "r2": refit["test"]["r2"],
        "train_rmse": refit["train"]["rmse"],
        "cv_mean": refit["cv"]["mean"],
        "cv_std": refit["cv"]["std"],
        "folds": np.array(refit["cv"]["folds"]),
        "wine": refit["wine"],
    }


def _browser_refits(lab: WineLab, kind: str, points) -> tuple[list[dict], list[float]]:
    panel = _open(lab, kind)
    # 100 refits of six fits each: seconds on a loaded machine, not Playwright's default 30.
    refits = panel.evaluate(REFIT, [list(p) for p in points], timeout=180_000)
    wine = panel.evaluate("panel => panel.wineLabAlpha.panel.data.wine")
    return [_shown(r) for r in refits], wine


def _design(x_fit: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Rows in a fit's centred, standardised space (StandardScaler, then the fit's centre)."""
    scaler = StandardScaler().fit(x_fit)
    return scaler.transform(x) - scaler.transform(x_fit).mean(axis=0)


def _distance_bound(x_fit: np.ndarray, y_fit: np.ndarray, alpha: float, l1_ratio: float) -> float:
    """How far scikit-learn's coefficients may lie from the optimum: its duality gap at stop
    is at most tol·‖y − ȳ‖² on the n-scaled objective, whose strong convexity is μ."""
    centred = _design(x_fit, x_fit)
    gap = SKLEARN_TOL * float(np.sum((y_fit - y_fit.mean()) ** 2))
    mu = float(np.linalg.eigvalsh(centred.T @ centred)[0]) + alpha * (1 - l1_ratio) * len(y_fit)
    return math.sqrt(2 * gap / mu)


def _rmse_reach(a: np.ndarray) -> float:
    """|RMSE(β₁) − RMSE(β₂)| and |MAE(β₁) − MAE(β₂)| ≤ ‖A‖₂/√n · ‖β₁ − β₂‖."""
    return float(np.linalg.norm(a, 2) / math.sqrt(len(a)))


def test_ridge_refit_in_the_browser_is_sklearns_to_1e9(desktop: WineLab) -> None:
    """Check that the page's Ridge refit equals scikit-learn's on core's split and folds."""
    points = _points("ridge", seed=27)
    shown, wine = _browser_refits(desktop, "ridge", points)
    split, folds = _core_split("ridge")
    for (alpha, _), refit in zip(points, shown, strict=True):
        expected = _sklearn("ridge", alpha, 0.0, split, folds, np.array([wine]))
        for name, value in expected.items():
            np.testing.assert_allclose(
                refit[name], value, rtol=RIDGE_RTOL, atol=0, err_msg=f"{name} at {alpha}"
            )


@pytest.mark.parametrize("kind", ["lasso", "elasticnet"])
def test_sparse_refit_in_the_browser_is_within_sklearns_tolerance(
    desktop: WineLab, kind: str
) -> None:
    """Check that the page's coordinate descent lands within scikit-learn's own tolerance of
    scikit-learn's answer: coefficients within the strong-convexity bound of its stopping gap,
    each metric within that distance times its Lipschitz constant."""
    points = _points(kind, seed=28)
    shown, wine = _browser_refits(desktop, kind, points)
    split, folds = _core_split(kind)
    x_train, x_test, y_train, y_test = split
    test_rows, wine_row = _design(x_train, x_test), _design(x_train, np.array([wine]))
    reach = _rmse_reach(test_rows)
    train_reach = _rmse_reach(_design(x_train, x_train))
    fold_reach = [_rmse_reach(_design(x_train[t], x_train[h])) for t, h in folds]
    for (alpha, l1_ratio), refit in zip(points, shown, strict=True):
        expected = _sklearn(kind, alpha, l1_ratio, split, folds, np.array([wine]))
        bound = _distance_bound(x_train, y_train, alpha, l1_ratio)
        fold_bounds = np.array(
            [
                _distance_bound(x_train[t], y_train[t], alpha, l1_ratio) * r
                for (t, _), r in zip(folds, fold_reach, strict=True)
            ]
        )
        where = f"{kind} at alpha {alpha:g}, l1_ratio {l1_ratio:g}"
        distance = np.linalg.norm(refit["coefficients"] - expected["coefficients"])
        assert distance <= bound, where
        for name in ("rmse", "mae"):
            assert abs(refit[name] - expected[name]) <= reach * bound, f"{name}, {where}"
        train_gap = abs(refit["train_rmse"] - expected["train_rmse"])
        assert train_gap <= train_reach * bound, f"training RMSE, {where}"
        sse_reach = len(y_test) * reach * bound * (refit["rmse"] + expected["rmse"] + reach * bound)
        total = float(np.sum((y_test - y_test.mean()) ** 2))
        assert abs(refit["r2"] - expected["r2"]) <= sse_reach / total, where
        assert np.all(np.abs(refit["folds"] - expected["folds"]) <= fold_bounds), where
        assert abs(refit["cv_mean"] - expected["cv_mean"]) <= fold_bounds.mean(), where
        assert abs(refit["cv_std"] - expected["cv_std"]) <= 2 * fold_bounds.max(), where
        wine_reach = float(np.linalg.norm(wine_row)) * bound
        assert abs(refit["wine"] - expected["wine"]) <= wine_reach, where


def _drag(lab: WineLab, screen: str, slider: Locator) -> None:
    """Drag the thumb over about a second across alpha ≈ 30 to 60,000 (0.55 to 0.95 of Ridge's
    track), where the test RMSE moves in its third decimal (below, it stays flat)."""
    box = slider.bounding_box()
    assert box is not None
    start, end = box["x"] + box["width"] * 0.55, box["x"] + box["width"] * 0.95
    y = box["y"] + box["height"] / 2
    lab.drag(start, end, y, touch=screen == "phone", steps=50, pause_ms=20)


def _assert_shows_core(lab: WineLab, panel: Locator, kind: str = "ridge") -> None:
    """After release: Python's numbers for the alpha the control shows, which are core's."""
    # While the rerun lasts, Streamlit keeps the panel it replaces (stale) beside the new one.
    shown = lab.page.locator('[data-testid="alpha-panel"][data-state="python"]')
    expect(shown).to_have_count(1, timeout=180_000)
    expect(lab.page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=180_000)
    expect(_panel(lab)).to_have_count(1)
    params = panel.evaluate("panel => panel.wineLabAlpha.panel.data.python.params")
    shown = panel.evaluate("panel => panel.wineLabAlpha.panel.params()")
    assert shown == params
    result = train_model(ModelSpec.create("red", kind, **params), load_wine("red"))
    expect(panel.get_by_test_id("alpha-test-rmse")).to_have_text(f"{result.test_metrics.rmse:.3f}")
    expect(panel.get_by_test_id("alpha-test-mae")).to_have_text(f"{result.test_metrics.mae:.3f}")
    expect(panel.get_by_test_id("alpha-test-r2")).to_have_text(f"{result.test_metrics.r2:.3f}")
    train = f"{result.train_metrics.rmse:.3f}"
    expect(panel.get_by_test_id("alpha-train-rmse")).to_have_text(train)
    cv = f"{result.cv_rmse_mean:.3f} ± {result.cv_rmse_std:.3f}"
    expect(panel.get_by_test_id("alpha-cv")).to_contain_text(cv)


def test_drag_refits_many_times_and_release_shows_cores_numbers(lab: WineLab, screen: str) -> None:
    """Check that a one-second drag draws at least 30 test RMSE values, moves every other
    number, the bars and both charts' markers with them, then shows core's."""
    panel = _open(lab)
    panel.evaluate(WATCH, MOVING)
    slider = _alpha_input(panel)
    slider.scroll_into_view_if_needed()
    _drag(lab, screen, slider)
    seen = panel.evaluate("() => window.seen")
    assert len(set(seen["rmse"])) >= 30
    still = [name for name, shown in seen.items() if len(set(shown)) < 5]
    assert still == []
    _assert_shows_core(lab, panel)
    assert (
        lab.page.evaluate("document.documentElement.scrollWidth")
        <= SCREENS[screen]["viewport"]["width"]
    )


def test_keys_step_along_the_log_scale_and_end_on_cores_numbers(desktop: WineLab) -> None:
    """Check arrows (1/20 decade), PageUp (half a decade), Home and End, with the control's
    accessible name and value."""
    panel = _open(desktop)
    slider = _alpha_input(panel)
    expect(slider).to_have_attribute("aria-label", "Regularisation strength (alpha)")
    expect(slider).to_have_attribute("aria-valuetext", "0.5")
    slider.focus()
    slider.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", "0.562")
    _assert_shows_core(desktop, panel)
    slider.press("PageUp")
    expect(slider).to_have_attribute("aria-valuetext", "1.78")
    _assert_shows_core(desktop, panel)
    slider.press("End")
    expect(slider).to_have_attribute("aria-valuetext", "100,000")
    _assert_shows_core(desktop, panel)
    slider.press("Home")
    expect(slider).to_have_attribute("aria-valuetext", "0.001")
    _assert_shows_core(desktop, panel)


def test_a_rerun_older_than_the_last_key_leaves_the_control_where_the_keys_took_it(
    desktop: WineLab,
) -> None:
    """Check that Python's numbers for an earlier send, arriving after a later one (a loaded
    server), neither move the control back nor lose the keys pressed since."""
    panel = _open(desktop)
    slider = _alpha_input(panel)
    slider.focus()
    slider.press("ArrowRight")
    _assert_shows_core(desktop, panel)
    panel.evaluate("panel => { window.earlier = panel.wineLabAlpha.panel.data; }")
    slider.press("PageUp")
    expect(slider).to_have_attribute("aria-valuetext", "1.78")
    expect(panel).not_to_have_attribute("data-state", "preview")  # sent
    # the rerun for the first send, delivered now: it answers a send older than the latest
    shown = panel.evaluate(
        """panel => {
          panel.wineLabAlpha.panel.update(window.earlier);
          return panel.querySelector('input[data-name=alpha]').getAttribute('aria-valuetext');
        }"""
    )
    assert shown == "1.78"
    slider.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", "2")
    _assert_shows_core(desktop, panel)
    expect(slider).to_have_attribute("aria-valuetext", "2")


def test_elastic_net_l1_ratio_moves_and_ends_on_cores_numbers(desktop: WineLab) -> None:
    """Check the second control of elastic net: a key press refits, release gives core's."""
    panel = _open(desktop, "elasticnet")
    ratio = panel.locator('input[type="range"][data-name="l1_ratio"]')
    expect(ratio).to_have_attribute("aria-label", "Share of L1 (l1_ratio)")
    ratio.focus()
    ratio.press("PageDown")
    expect(ratio).to_have_attribute("aria-valuetext", "0.40")
    _assert_shows_core(desktop, panel, "elasticnet")
