"""`core` alone: fits, one-wine prediction, batch, validation curve, store hit vs fit."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
from babel.messages.pofile import read_po
from babel.support import Translations

from bench.measure import Figure, repeat
from core.data import WINES, load_wine
from core.explain import contributions
from core.features import FEATURE_KEYS, median_wine
from core.models import KINDS, ModelSpec, build_pipeline
from core.scoring import predict_one, predict_rows
from core.store import ModelStore
from core.train import compute_validation_curve, split_data, train_model
from i18n import DOMAIN, LANGUAGES, LOCALES_DIR
from i18n.catalogs import TRANSLATED, po_path


def fit_figures() -> list[Figure]:
    figures = []
    for wine in WINES:
        x_train, _, y_train, _ = split_data(load_wine(wine), test_size=0.2, seed=0)
        for kind in KINDS:
            spec = ModelSpec.create(wine, kind)
            # Quick fits are timed more often; the declarations say which kinds are linear.
            quick = KINDS[kind].linear or kind == "hist_gradient_boosting"
            times = 5 if quick else 2
            timing = repeat(
                lambda s=spec, x=x_train, y=y_train: build_pipeline(s).fit(x, y), times, 1
            )
            is_ridge = kind == "ridge"
            figures.append(
                Figure(
                    "core",
                    f"fit {kind}, {wine}",
                    timing.median * 1000,
                    "ms",
                    "≤ 20 ms" if is_ridge else "",
                    timing.median <= 0.020 if is_ridge else None,
                )
            )
    return figures


def prediction_figures() -> list[Figure]:
    frame = load_wine("red")
    result = train_model(ModelSpec(), frame)
    wine = median_wine(frame)
    page_path = repeat(lambda: predict_one(result, wine), 2000, 50)
    vector = np.array([wine[key] for key in FEATURE_KEYS])
    fold = result.linear_weights
    assert fold is not None
    dot = repeat(lambda: float(vector @ fold.weights + fold.bias), 20000, 100)
    one_row = frame[list(FEATURE_KEYS)].head(1).to_numpy()
    pipeline = repeat(lambda: result.pipeline.predict(one_row), 500, 20)
    rng = np.random.default_rng(0)
    rows = frame[list(FEATURE_KEYS)].to_numpy()[rng.integers(0, len(frame), 100_000)]
    batch = repeat(lambda: predict_rows(result, rows), 10, 2)
    return [
        Figure("core", "one wine, page path (predict_one)", page_path.median * 1e6, "µs",
               "≤ 100 µs", page_path.median <= 100e-6, p95=page_path.p95 * 1e6),
        Figure("core", "one wine, folded dot product", dot.median * 1e6, "µs", p95=dot.p95 * 1e6),
        Figure("core", "one wine, full pipeline on one row", pipeline.median * 1e6, "µs",
               p95=pipeline.p95 * 1e6),
        Figure("core", "100 000 wines, batch", batch.median * 1000, "ms", "≤ 50 ms",
               batch.median <= 0.050, p95=batch.p95 * 1000),
    ]  # fmt: skip


def curve_and_store_figures() -> list[Figure]:
    frame = load_wine("white")
    spec = ModelSpec.create("white", "ridge")
    curve = repeat(lambda: compute_validation_curve(spec, frame, "alpha", n_jobs=1), 3, 1)
    with tempfile.TemporaryDirectory() as folder:
        ModelStore(Path(folder)).get(spec)
        hit = repeat(lambda: ModelStore(Path(folder)).get(spec), 20, 2)
    started = time.perf_counter()
    train_model(spec, frame)
    full_fit = time.perf_counter() - started
    return [
        Figure("core", "validation curve, 20 alphas × 5 folds, white", curve.median, "s",
               "≤ 2 s", curve.median <= 2.0),
        Figure("core", "store hit (load from disk, checksum first)", hit.median * 1000, "ms",
               p95=hit.p95 * 1000),
        Figure("core", "store miss: train_model (fit + CV + conformal), white", full_fit * 1000,
               "ms"),
    ]  # fmt: skip


def attribution_figures() -> list[Figure]:
    """The waterfall's parts for one wine (one slider move): exact Shapley values for the
    non-linear kinds (2,048 predictions), coefficients for ridge."""
    figures = []
    for wine in WINES:
        frame = load_wine(wine)
        probe = median_wine(frame) | {"alcohol": 12.0}
        for kind in ("ridge", "random_forest", "hist_gradient_boosting", "svr"):
            result = train_model(ModelSpec.create(wine, kind), frame)
            timing = repeat(lambda r=result, w=probe: contributions(r, w), 20, 2)
            figures.append(
                Figure("core", f"waterfall parts ({contributions(result, probe).method}), "
                       f"{kind}, {wine}", timing.median * 1000, "ms", p95=timing.p95 * 1000)
            )  # fmt: skip
    return figures


def core_figures() -> list[Figure]:
    return (
        fit_figures()
        + prediction_figures()
        + curve_and_store_figures()
        + attribution_figures()
        + catalog_figures()
    )


def catalog_figures() -> list[Figure]:
    """Reading one language's catalog when a server starts: the committed `.mo` (what the app
    does) against parsing the `.po` with Babel (what it would do without compiled files)."""

    def from_po(code: str) -> dict:
        with po_path(code).open("rb") as handle:
            catalog = read_po(handle, locale=LANGUAGES[code][0])
        return {message.id: message.string for message in catalog if message.id}

    figures = []
    for code in TRANSLATED:
        mo = repeat(lambda c=code: Translations.load(str(LOCALES_DIR), [c], DOMAIN), 20, 2)
        po = repeat(lambda c=code: from_po(c), 5, 1)
        figures += [
            Figure("i18n", f"catalog load, {code}, compiled .mo (committed)", mo.median * 1000,
                   "ms", p95=mo.p95 * 1000),
            Figure("i18n", f"catalog load, {code}, parsing the .po", po.median * 1000, "ms",
                   p95=po.p95 * 1000),
        ]  # fmt: skip
    return figures
