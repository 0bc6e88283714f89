"""The downloadable report: its numbers, its words and its file.

Behaviours checked:
- every number the report shows (each `<data data-key>` of the HTML) is the one
  `core.report` computed, written the reader's way, for every model kind and both wines;
- the accuracy on unseen wines equals plain scikit-learn's on the tutorial's split, with the
  held-out wines that have an identical twin in training left out (found by a pandas merge);
  the default (grouped) split has no twin to leave out;
- the paper's figures are the published ones and the benchmark's the file's leak-free row;
- the interval's coverage and the rare grades (3, 4 and 8 for red) come from
  data/coverage.json;
- what drives quality is ranked by the standardised coefficients for a linear model, by
  permutation importance for the others, and the top three are named in a sentence; for a
  linear model each of the three sentences quotes its bar in the chart (plain scikit-learn's
  coefficient on standardised measurements), so the numbers fall in the order named;
- the file references nothing outside itself: no script, no stylesheet or image to load,
  every `src`/`href` either in-file (`#…`) or a plain `<a>` link;
- the wine report shows `core`'s prediction, the interval as printed on Predict, the likely
  grades, contributions that add up to the prediction, and the most similar real wines
  (every kind, both wines); the model report alone has no wine;
- the report is written in the active language: French numbers and `lang="fr"`;
- the counts are the data's: 1,599 red wines in the split's two parts, 240 duplicate rows.
- with the page's "what would make it better" answer, the wine report shows its change;
- a model trained on a winery's own wines gets its own report: its accuracy on the winery's
  held-out wines (plain scikit-learn on the same grouped split), the shared model's error on
  those same wines, the upload's size and checksum, and no link, paper figure or UCI coverage;
"""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

import i18n
from core.conformal import shown_bounds
from core.data import load_wine
from core.explain import WineNeighbours, contributions, standardized_coefficients
from core.features import FEATURE_KEYS, median_wine
from core.models import KINDS, ModelSpec
from core.paper_benchmark import paper_rows
from core.report import model_report, wine_report
from core.scoring import predict_one
from core.store import ModelStore
from ui.report import render_model_report, render_wine_report

# Slow kinds kept small: the report's numbers do not depend on the model being good.
SMALL = {
    "random_forest": {"n_estimators": 10, "max_depth": 6},
    "hist_gradient_boosting": {"max_iter": 30},
}


class _Page(HTMLParser):
    """Every `<data data-key>` number with its text, and every reference to another file."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers: dict[str, tuple[float, str]] = {}
        self.references: list[tuple[str, str, str]] = []
        self.tags: set[str] = set()
        self.lang: str | None = None
        self._open: tuple[str, float] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.add(tag)
        if tag == "html":
            self.lang = found.get("lang")
        for name in ("src", "href", "xlink:href"):
            if found.get(name) is not None:
                self.references.append((tag, name, found[name] or ""))
        if tag == "data" and "data-key" in found:
            self._open, self._text = (found["data-key"] or "", float(found["value"] or "nan")), ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "data" and self._open is not None:
            key, value = self._open
            self.numbers[key] = (value, self._text)
            self._open = None


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ModelStore:
    return ModelStore(tmp_path_factory.mktemp("report_models"))


def _stored(store: ModelStore, wine: str, kind: str):
    """A small model of a kind; boosting on one OpenMP thread (on a busy two-core machine its
    threads wait for each other for minutes)."""
    with threadpool_limits(limits=1, user_api="openmp"):
        return store.get(ModelSpec.create(wine, kind, **SMALL.get(kind, {})))


def _numbers_of(report) -> dict[str, float]:
    """Every number of every sentence of a report, by key."""
    return {
        number.key: number.value
        for section in report.sections
        for message in (section.title, *section.paragraphs, *section.details)
        for number in message.numbers()
    }


def _shown(style: str, value: float, places: int) -> str:
    return {
        "decimal": lambda: f"{value:.{places}f}",
        "percent": lambda: f"{value * 100:.{places}f}%",
        "integer": lambda: f"{int(value):,}",
        "in_ten": lambda: str(round(value * 10)),
        "signed": lambda: i18n.signed(value, places),
    }[style]()


def _expected_numbers(sections) -> dict:
    return {
        number.key: number
        for section in sections
        for message in (*section.paragraphs, *section.details)
        for number in message.numbers()
    }


def _check_numbers(page: _Page, expected: dict) -> None:
    for key, number in expected.items():
        value, text = page.numbers[key]
        assert value == pytest.approx(number.value, abs=0), key
        assert text == _shown(number.style, number.value, number.places), key


@pytest.mark.parametrize("wine", ["red", "white"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_number_in_the_wine_report_is_cores(store: ModelStore, wine: str, kind: str) -> None:
    """Check, for every kind and both wines, that each number of the wine report (the wine,
    then its model) is core's, written as English readers write it; that the prediction, the
    printed interval, the grades, contributions and similar wines are core's own."""
    stored = _stored(store, wine, kind)
    frame = load_wine(wine)
    features = median_wine(frame) | {"alcohol": 12.1}
    report = wine_report(stored, frame, features)
    page = _parse(render_wine_report(report))
    numbers = {key for key in page.numbers if not key.startswith(("similar_", "own_"))}
    expected = _expected_numbers((*report.sections, *report.model.sections))
    assert numbers == set(expected)
    _check_numbers(page, expected)
    prediction = predict_one(stored.result, features)
    assert report.prediction == prediction
    assert page.numbers["prediction"][0] == prediction.quality
    assert (report.shown_low, report.shown_high) == shown_bounds(prediction.low, prediction.high)
    total = report.contributions.base + sum(report.contributions.parts.values())
    assert total == pytest.approx(prediction.quality, abs=1e-6)
    assert report.contributions.parts == pytest.approx(contributions(stored.result, features).parts)
    similar = WineNeighbours(frame).around(features).similar
    pd.testing.assert_frame_equal(report.similar, similar)
    for index, grade in enumerate(similar["quality"]):
        assert page.numbers[f"similar_grade_{index}"][0] == grade


def test_model_report_shows_the_model_sections_only(store: ModelStore) -> None:
    """Check the model report's numbers, and that it has no wine of its own."""
    report = model_report(_stored(store, "red", "ridge"), load_wine("red"))
    page = _parse(render_model_report(report))
    expected = _expected_numbers(report.sections)
    assert set(page.numbers) == set(expected)
    _check_numbers(page, expected)
    assert "prediction" not in page.numbers


@pytest.mark.parametrize("wine", ["red", "white"])
def test_accuracy_on_unseen_wines_equals_plain_scikit_learn(store: ModelStore, wine: str) -> None:
    """Check the exact and within-one shares, the baseline and the MAE against scikit-learn."""
    stored = store.get(ModelSpec.create(wine, "ridge", split="tutorial"))
    facts = model_report(stored, load_wine(wine)).accuracy
    frame = load_wine(wine)
    x, y = frame[list(FEATURE_KEYS)], frame["quality"].to_numpy(dtype=float)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)
    twins = x_test.reset_index().merge(x_train.drop_duplicates(), on=list(FEATURE_KEYS))
    unseen = ~x_test.index.isin(twins["index"])
    model = clone(stored.result.pipeline).fit(x_train.to_numpy(), y_train)
    error = np.abs(model.predict(x_test.to_numpy()[unseen]) - y_test[unseen])
    guess = np.abs(y_train.mean() - y_test[unseen])
    assert facts.unseen_rows == unseen.sum()
    assert facts.twins_left_out == (~unseen).sum() > 0
    assert facts.exact == pytest.approx(np.mean(error <= 0.5))
    assert facts.within_one == pytest.approx(np.mean(error <= 1.0))
    assert facts.mae == pytest.approx(error.mean())
    assert facts.baseline_exact == pytest.approx(np.mean(guess <= 0.5))
    assert facts.baseline_within_one == pytest.approx(np.mean(guess <= 1.0))


def test_grouped_split_leaves_no_twin_to_leave_out(store: ModelStore) -> None:
    """Check that the default split holds identical wines together: every test wine counts."""
    report = model_report(_stored(store, "white", "ridge"), load_wine("white"))
    assert report.accuracy.twins_left_out == 0
    assert report.accuracy.unseen_rows == _stored(store, "white", "ridge").result.test_rows
    assert "none of the" in render_model_report(report)


def test_paper_and_benchmark_figures_are_the_published_and_the_files(store: ModelStore) -> None:
    """Check the paper's linear model and SVM figures and our leak-free row for Ridge."""
    from core.paper_benchmark import load_benchmark

    reference = model_report(_stored(store, "red", "ridge"), load_wine("red")).benchmark
    assert reference is not None
    regression, svm = paper_rows("red")
    assert (reference.paper_regression_exact, reference.paper_regression_within_one) == (
        regression.accuracy[0.5],
        regression.accuracy[1.0],
    )
    assert reference.paper_svm_exact == svm.accuracy[0.5] == 0.624
    _, rows = load_benchmark()
    row = next(
        r for r in rows if (r.spec.wine, r.spec.kind, r.mode) == ("red", "ridge", "leak_free")
    )
    assert reference.exact == row.accuracy[0.5].mean
    assert reference.within_one == row.accuracy[1.0].mean


def test_interval_facts_name_the_rare_grades_from_the_coverage_file(store: ModelStore) -> None:
    """Check the coverage and that red's rare grades are 3, 4 and 8, each mostly missed."""
    from core.coverage import load_coverage

    facts = model_report(_stored(store, "red", "ridge"), load_wine("red")).interval
    row = next(
        r
        for r in load_coverage()["rows"]
        if (r["wine"], r["kind"], r["method"], r["protocol"])
        == ("red", "ridge", "distance", "leak_free")
    )
    assert facts is not None
    assert facts.coverage == row["coverage"]
    assert [grade for grade, _, _ in facts.rare_grades] == [3, 4, 8]
    assert all(covered < 0.5 for _, _, covered in facts.rare_grades)


def test_drivers_are_ranked_by_coefficient_or_importance(store: ModelStore) -> None:
    """Check the linear ranking, and that the top three are named in the first sentence."""
    stored = _stored(store, "red", "ridge")
    report = model_report(stored, load_wine("red"))
    coefficients = standardized_coefficients(stored.result)
    assert report.driver_method == "coefficient"
    assert [d.key for d in report.drivers] == sorted(
        coefficients, key=lambda k: -abs(coefficients[k])
    )
    assert [d.key for d in report.drivers[:3]] == ["alcohol", "volatile_acidity", "sulphates"]
    assert report.drivers[0].effect > 0 > report.drivers[1].effect
    html = render_model_report(report)
    assert "What matters most: Alcohol, then Volatile acidity, then Sulphates." in html
    forest = model_report(_stored(store, "red", "random_forest"), load_wine("red"))
    assert forest.driver_method == "importance"
    assert all(d.weight >= forest.drivers[i + 1].weight for i, d in enumerate(forest.drivers[:-1]))


def test_linear_driver_sentences_quote_the_charts_bars(store: ModelStore) -> None:
    """Check that the three sentences after "What matters most" give the chart's numbers, as
    plain scikit-learn's Ridge on standardised measurements of the same training wines has
    them: before, they quoted a typical low-to-high change, which ranked the three otherwise."""
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from tests.splits import grouped_rows

    stored = _stored(store, "red", "ridge")
    red = load_wine("red")
    train, _test = grouped_rows(red)
    x, y = red[list(FEATURE_KEYS)].to_numpy()[train], red["quality"].to_numpy(dtype=float)[train]
    plain = make_pipeline(StandardScaler(), Ridge(alpha=0.5)).fit(x, y)
    coefficients = dict(zip(FEATURE_KEYS, plain[-1].coef_, strict=True))
    top = sorted(coefficients, key=lambda key: -abs(coefficients[key]))[:3]
    html = render_model_report(model_report(stored, load_wine("red")))
    page = _parse(html)
    quoted = [page.numbers[f"driver{place}_effect"][0] for place in (1, 2, 3)]
    assert quoted == pytest.approx([abs(coefficients[key]) for key in top], abs=5e-3)
    assert quoted == sorted(quoted, reverse=True)
    assert "for one standard deviation more, its bar in the chart" in html


@pytest.mark.parametrize("kind", ["ridge", "random_forest"])
def test_the_file_references_nothing_outside_itself(store: ModelStore, kind: str) -> None:
    """Check that no script, stylesheet, image or font is loaded: only plain links leave it."""
    stored = _stored(store, "white", kind)
    frame = load_wine("white")
    for html in (
        render_model_report(model_report(stored, frame), app_url="https://wine.example/"),
        render_wine_report(wine_report(stored, frame, median_wine(frame))),
    ):
        page = _parse(html)
        assert not page.tags & {"script", "link", "img", "iframe", "object", "embed"}
        assert not re.search(r"url\((?!#)", html)  # only clip paths inside the file
        assert "@import" not in html
        for tag, attribute, target in page.references:
            assert attribute != "src"
            assert target.startswith("#") or (tag == "a" and target.startswith("https://"))


def test_report_is_written_in_the_active_language(store: ModelStore) -> None:
    """Check French number formats and the page's language."""
    report = model_report(_stored(store, "red", "ridge"), load_wine("red"))
    with i18n.language("fr"):
        page = _parse(render_model_report(report))
    assert page.lang == "fr"
    value, text = page.numbers["test_rmse"]
    assert text == f"{value:.3f}".replace(".", ",")
    value, text = page.numbers["exact_share"]
    assert text.rstrip("%").strip("\u202f\xa0 ") == str(round(value * 100))
    assert text != f"{round(value * 100)}%"


def test_counts_are_the_datas(store: ModelStore) -> None:
    """Check the counts: 1,599 red wines, the split's sizes and the duplicates."""
    report = model_report(_stored(store, "red", "ridge"), load_wine("red"))
    numbers = _numbers_of(report)
    assert numbers["data_rows"] == 1599
    result = _stored(store, "red", "ridge").result
    assert (numbers["train_rows"], numbers["test_rows"]) == (result.train_rows, result.test_rows)
    assert numbers["train_rows"] + numbers["test_rows"] == 1599
    assert numbers["duplicate_rows"] == 240
    assert all(math.isfinite(value) for value in numbers.values())


def test_wine_report_carries_the_better_answer_when_computed(store: ModelStore) -> None:
    """Check the "what would make it better" section: core.counterfactual's change, in a
    table, with its honest line; and no such section when nothing was computed."""
    from core.counterfactual import smallest_change
    from core.features import feature_ranges

    stored = _stored(store, "red", "ridge")
    frame = load_wine("red")
    wine = median_wine(frame)
    neighbours = WineNeighbours(frame)
    found = smallest_change(
        stored.result, wine, 7, ranges=feature_ranges(frame), neighbours=neighbours
    )
    assert found.changes
    html = render_wine_report(wine_report(stored, frame, wine, better=found))
    page = _parse(html)
    assert page.numbers["better_target"][0] == 7
    assert page.numbers["better_goal"][0] == found.goal
    assert 'id="better"' in html
    for difference in found.changes:
        assert f'<data value="{float(difference.other)!r}">' in html
    assert "not a recipe" in html
    assert 'id="better"' not in render_wine_report(wine_report(stored, frame, wine))


def test_own_model_report_is_measured_on_your_held_out_wines(store: ModelStore) -> None:
    """Check the report of a Ridge trained on the fixture's wines against plain scikit-learn
    on the same grouped split, and that nothing of the shared model's report is left in it."""
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from core.labelled_upload import read_labelled
    from core.own_model import compare_own
    from core.report import own_model_report
    from core.store import StoredModel
    from tests.conftest import FIXTURES
    from tests.splits import grouped_rows

    upload = (FIXTURES / "own_red_alcohol_plus_one.csv").read_bytes()
    yours = read_labelled(upload, "own.csv").frame
    shared = _stored(store, "red", "ridge")
    comparison = compare_own(ModelSpec(), yours, shared.result)
    stored = StoredModel("own-0123", comparison.result, "session", data_sha256="ab" * 32)
    report = own_model_report(stored, comparison, yours)
    page = _parse(render_wine_report(wine_report(stored, load_wine("red"), median_wine(
        load_wine("red")), model=report)))  # fmt: skip
    _check_numbers(page, _expected_numbers(report.sections))
    train, test = grouped_rows(yours)
    x, y = yours[list(FEATURE_KEYS)].to_numpy(), yours["quality"].to_numpy(dtype=float)
    model = make_pipeline(StandardScaler(), Ridge(alpha=0.5)).fit(x[train], y[train])
    error = np.abs(model.predict(x[test]) - y[test])
    shared_error = np.abs(shared.result.pipeline.predict(x[test]) - y[test])
    numbers = page.numbers
    assert numbers["data_rows"][0] == len(yours)
    assert numbers["test_rows"][0] == numbers["unseen_rows"][0] == len(test)
    assert numbers["exact_share"][0] == pytest.approx(np.mean(error <= 0.5))
    assert numbers["within_one_share"][0] == pytest.approx(np.mean(error <= 1.0))
    assert numbers["own_mae"][0] == pytest.approx(error.mean())
    assert numbers["shared_mae"][0] == pytest.approx(shared_error.mean())
    assert not {"benchmark_exact_share", "interval_coverage", "uci_rows"} & set(numbers)
    html = render_model_report(report)
    assert "?wine=" not in html
    assert "ab" * 32 in html
    assert "--data-dir NEW" in html
    assert "1,599" not in html
