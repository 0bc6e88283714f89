"""What the downloadable report says, as data: numbers and sentences as message ids.

`core` decides every number; the page layer (`ui/report/`) turns each `Message` into the
reader's words through `i18n._` and each `Number` into the reader's number format, and draws
the charts. Nothing here formats text for people or imports Streamlit.

The model report answers four questions for someone who does not read statistics: what the
model predicts and from which data, how often it is right on wines it has never seen (the
held-out wines that have no identical twin in training, so duplicates cannot flatter it),
what drives its predictions, and how far to trust one prediction. The wine report adds one
wine's prediction, its interval and likely grades, what each measurement adds, and the most
similar real wines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal
from urllib.parse import urlencode

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from core.conformal import INTERVAL_CONFIDENCE, SHIPPED_METHOD, shown_bounds
from core.counterfactual import HONEST_LINE, SmallestChange
from core.coverage import load_coverage
from core.data import data_checksum
from core.errors import DataError
from core.evaluate import accuracy_within, row_groups
from core.explain import (
    Contributions,
    Neighbourhood,
    WineNeighbours,
    contributions,
    permutation_importances,
    standardized_coefficients,
)
from core.export import library_versions
from core.features import FEATURE_KEYS, FEATURES_BY_KEY, TARGET
from core.links import link_params
from core.messages import N_
from core.models import DEFAULT_SPLIT, SEED, TEST_SIZE, get_kind, setting_text
from core.own_model import OwnComparison, own_parts
from core.paper_benchmark import load_benchmark, paper_rows
from core.scoring import Prediction, predict_one, predict_rows
from core.store import StoredModel
from core.train import features_and_target, spec_split
from core.train_result import TrainResult

Style = Literal["decimal", "signed", "percent", "integer", "in_ten"]
# Grades given to fewer than this share of the wines: the interval's promise fails for them.
RARE_GRADE_SHARE = 0.05
# The paper's data: the Vinho Verde wines certified from May 2004 to February 2007.
DATA_PERIOD = "2004–2007"
PAPER_CITATION = (
    "P. Cortez, A. Cerdeira, F. Almeida, T. Matos and J. Reis, Modeling wine preferences by "
    "data mining from physicochemical properties, Decision Support Systems 47(4):547–553, 2009."
)
DATA_LINK = "https://archive.ics.uci.edu/dataset/186/wine+quality"
SIMILAR_WINES = 3


@dataclass(frozen=True)
class Number:
    """A number to show, with how to show it; `key` names it for a test reading the file."""

    key: str
    value: float
    style: Style = "decimal"
    decimals: int | None = None  # None: 2 for decimals, 0 for percentages

    @property
    def places(self) -> int:
        if self.decimals is not None:
            return self.decimals
        return 0 if self.style == "percent" else 2


@dataclass(frozen=True)
class Link:
    """A link a reader may follow (`href` relative to the app when it starts with `?`)."""

    text: str
    href: str


@dataclass(frozen=True)
class Code:
    """A command or checksum, shown as code and never translated."""

    text: str


@dataclass(frozen=True)
class Term:
    """A word or name from a declaration (a feature's label) that the reader's language
    translates where it is shown."""

    text: str


Value = Number | Term | Link | Code | str


@dataclass(frozen=True)
class Message:
    """One sentence: its English text (the message id, `{named}` placeholders) and values."""

    text: str
    values: Mapping[str, Value] = field(default_factory=dict)

    def numbers(self) -> list[Number]:
        return [value for value in self.values.values() if isinstance(value, Number)]


@dataclass(frozen=True)
class Accuracy:
    """How often the model is right on held-out wines without a twin in training."""

    unseen_rows: int
    twins_left_out: int
    exact: float
    within_one: float
    mae: float
    baseline_exact: float
    baseline_within_one: float


@dataclass(frozen=True)
class Benchmark:
    """This kind with default settings, by the paper's protocol on leak-free folds, and the
    paper's own multiple regression and SVM (None where the paper gives no figure)."""

    exact: float
    within_one: float
    folds: int
    repeats: int
    paper_regression_exact: float | None
    paper_regression_within_one: float | None
    paper_svm_exact: float | None


@dataclass(frozen=True)
class Driver:
    """One measurement's weight in the model, and which way more of it moves the prediction
    (the change from a typical low to a typical high value, others held at the average)."""

    key: str
    weight: float
    effect: float


@dataclass(frozen=True)
class IntervalFacts:
    """How often the 90% interval held, leak-free (data/coverage.json), and where it fails."""

    confidence: float
    coverage: float
    mean_width: float
    rare_grades: tuple[tuple[int, float, float], ...]  # grade, share of wines, coverage


@dataclass(frozen=True)
class Reproduce:
    link_query: str | None  # None for a session's private model: it is never in a link
    command: str
    data_sha256: str
    versions: Mapping[str, str]


@dataclass(frozen=True)
class Section:
    """A heading, its sentences, and what the template draws after them (`chart`: a name)."""

    key: str
    title: Message
    paragraphs: tuple[Message, ...]
    chart: str | None = None
    details: tuple[Message, ...] = ()


@dataclass(frozen=True)
class ModelReport:
    """Everything the model report shows: sections of sentences and the numbers charts use."""

    wine: str
    model_id: str
    kind_label: str
    settings: tuple[tuple[str, str], ...]
    accuracy: Accuracy
    benchmark: Benchmark | None
    drivers: tuple[Driver, ...]
    driver_method: Literal["coefficient", "importance"]
    interval: IntervalFacts | None
    reproduce: Reproduce
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class WineReport:
    """One wine scored by one model, and the model's own report."""

    model: ModelReport
    wine: Mapping[str, float]
    prediction: Prediction
    shown_low: float
    shown_high: float
    contributions: Contributions
    similar: pd.DataFrame
    far: bool
    better: SmallestChange | None
    sections: tuple[Section, ...]


def unseen_mask(result: TrainResult, x_train: np.ndarray) -> np.ndarray:
    """Held-out wines whose 11 measurements match no training wine's (`True` = unseen)."""
    frame = pd.DataFrame(np.vstack([x_train, result.x_test]), columns=list(FEATURE_KEYS))
    groups = row_groups(frame)
    seen = set(groups[: len(x_train)].tolist())
    return np.array([group not in seen for group in groups[len(x_train) :]])


def accuracy(result: TrainResult, x_train: np.ndarray) -> Accuracy:
    """Exact grade (|error| ≤ 0.5) and within one grade (≤ 1), as the paper counts them,
    on the unseen held-out wines; the baseline always guesses the training wines' mean."""
    unseen = unseen_mask(result, x_train)
    y, predicted = result.y_test[unseen], result.y_pred[unseen]
    guess = np.full_like(y, result.train_mean)
    return Accuracy(
        unseen_rows=int(unseen.sum()),
        twins_left_out=int((~unseen).sum()),
        exact=accuracy_within(y, predicted, 0.5),
        within_one=accuracy_within(y, predicted, 1.0),
        mae=float(np.mean(np.abs(predicted - y))),
        baseline_exact=accuracy_within(y, guess, 0.5),
        baseline_within_one=accuracy_within(y, guess, 1.0),
    )


def held_out_accuracy(result: TrainResult, frame: pd.DataFrame) -> Accuracy:
    """`accuracy` of a model trained on `frame`, its training part split again as trained."""
    return accuracy(result, spec_split(result.spec, frame)[0])


def benchmark(wine: str, kind: str) -> Benchmark | None:
    """The precomputed leak-free row of this kind (None if data/benchmark.json is missing)."""
    try:
        _, rows = load_benchmark()
    except DataError:
        return None
    ours = [r for r in rows if r.spec.wine == wine and r.spec.kind == kind]
    leak_free = [r for r in ours if r.mode == "leak_free"]
    if not leak_free:
        return None
    row = leak_free[0]
    paper = {p.method: p for p in paper_rows(wine)}
    regression, svm = paper.get("Multiple regression (paper)"), paper.get("SVM (paper)")
    return Benchmark(
        exact=row.accuracy[0.5].mean,
        within_one=row.accuracy[1.0].mean,
        folds=row.folds,
        repeats=row.repeats,
        paper_regression_exact=regression.accuracy.get(0.5) if regression else None,
        paper_regression_within_one=regression.accuracy.get(1.0) if regression else None,
        paper_svm_exact=svm.accuracy.get(0.5) if svm else None,
    )


def drivers(
    result: TrainResult, importances: pd.DataFrame | None = None
) -> tuple[tuple[Driver, ...], Literal["coefficient", "importance"]]:
    """Every measurement, strongest first: standardised coefficients for the linear kinds,
    permutation importance (rise in test RMSE when shuffled) for the others."""
    coefficients = standardized_coefficients(result)
    if coefficients is not None:
        weights, method = coefficients, "coefficient"
    else:
        table = importances if importances is not None else report_importances(result)
        weights = dict(zip(table["feature"], table["importance"], strict=True))
        method = "importance"
    effects = typical_effects(result)
    # A coefficient counts by its size; an importance below 0 means no use at all.
    strength = abs if method == "coefficient" else float
    ranked = sorted(FEATURE_KEYS, key=lambda key: -strength(weights[key]))
    return tuple(Driver(key, float(weights[key]), effects[key]) for key in ranked), method


def report_importances(result: TrainResult) -> pd.DataFrame:
    """Permutation importances on one OpenMP thread: on a busy two-core server boosting's
    threads wait for each other (see core.explain.contributions)."""
    with threadpool_limits(limits=1, user_api="openmp"):
        return permutation_importances(result)


def typical_effects(result: TrainResult) -> dict[str, float]:
    """Predicted quality at a typical high value (75th percentile of the held-out wines)
    minus at a typical low one (25th), every other measurement at the training average."""
    low, high = np.quantile(result.x_test, [0.25, 0.75], axis=0)
    rows = np.repeat(result.train_feature_mean[None, :], 2 * len(FEATURE_KEYS), axis=0)
    for index in range(len(FEATURE_KEYS)):
        rows[2 * index, index], rows[2 * index + 1, index] = low[index], high[index]
    predicted = predict_rows(result, rows)
    return {
        key: float(predicted[2 * index + 1] - predicted[2 * index])
        for index, key in enumerate(FEATURE_KEYS)
    }


def interval_facts(wine: str, kind: str) -> IntervalFacts | None:
    """Leak-free coverage of the interval in use for this kind (None if the file is missing)."""
    try:
        table = load_coverage()
    except DataError:
        return None
    rows = [
        r
        for r in table["rows"]
        if (r["wine"], r["kind"], r["method"], r["protocol"])
        == (wine, kind, SHIPPED_METHOD, "leak_free")
    ]
    if not rows:
        return None
    row = rows[0]
    rare = tuple(
        (int(grade), cell["wines"] / row["scored"], cell["coverage"])
        for grade, cell in row["by_grade"].items()
        if cell["wines"] / row["scored"] < RARE_GRADE_SHARE
    )
    return IntervalFacts(table["confidence"], row["coverage"], row["mean_width"], rare)


def cli_command(stored: StoredModel) -> str:
    """The command that trains this very model (same id) from a terminal."""
    spec = stored.result.spec
    parts = ["python -m core train", f"--wine {spec.wine}", f"--model {spec.kind}"]
    parts += [f"--{name.replace('_', '-')} {setting_text(value)}" for name, value in spec.params]
    if spec.test_size != TEST_SIZE.default:
        parts.append(f"--test-size {spec.test_size:g}")
    if spec.seed != SEED.default:
        parts.append(f"--seed {spec.seed}")
    if spec.split != DEFAULT_SPLIT:
        parts.append(f"--split {spec.split}")
    if not spec.scale:
        parts.append("--no-scale")
    return " ".join(parts)


def reproduce(stored: StoredModel, features: Mapping[str, float] | None = None) -> Reproduce:
    spec = stored.result.spec
    params = link_params(
        wine=spec.wine,
        kind=spec.kind,
        hyperparameters=spec.hyperparameters,
        features=features,
        scale=spec.scale,
        split=spec.split,
        test_size=spec.test_size,
        seed=spec.seed,
    )
    return Reproduce(
        link_query=urlencode(params),
        command=cli_command(stored),
        data_sha256=data_checksum(spec.wine),
        versions=library_versions(),
    )


def model_report(
    stored: StoredModel,
    frame: pd.DataFrame,
    *,
    importances: pd.DataFrame | None = None,
) -> ModelReport:
    """The model report of a stored model trained on `frame` (its wine's shipped data).

    `importances` is the permutation-importance table if the caller already has it (the page
    keeps one per model); it is computed otherwise (about a second for the slow kinds).
    """
    result = stored.result
    spec = result.spec
    kind = get_kind(spec.kind)
    ranked, method = drivers(result, importances)
    facts = dict(
        accuracy=held_out_accuracy(result, frame),
        benchmark=benchmark(spec.wine, spec.kind),
        drivers=ranked,
        driver_method=method,
        interval=interval_facts(spec.wine, spec.kind),
        reproduce=reproduce(stored),
    )
    settings = tuple((kind.setting(name).label, setting_text(value)) for name, value in spec.params)
    return ModelReport(
        wine=spec.wine,
        model_id=stored.model_id,
        kind_label=kind.label,
        settings=settings,
        sections=model_sections(result, frame, **facts),
        **facts,
    )


def model_sections(
    result: TrainResult,
    frame: pd.DataFrame,
    *,
    accuracy: Accuracy,
    benchmark: Benchmark | None,
    drivers: tuple[Driver, ...],
    driver_method: str,
    interval: IntervalFacts | None,
    reproduce: Reproduce,
) -> tuple[Section, ...]:
    return (
        _what_section(result, frame),
        _accuracy_section(result, accuracy, benchmark),
        _drivers_section(drivers, driver_method),
        _interval_section(interval),
        _limits_section(frame),
        _reproduce_section(reproduce),
    )


def _predicts(wine: str) -> Message:
    """What every model of the app predicts, the first line of a report's "what" section."""
    return Message(
        N_(
            "The model predicts the quality grade that wine tasters would give a "
            "{wine} wine, from 0 (very bad) to 10 (excellent), from 11 laboratory "
            "measurements such as alcohol, acidity and sulphates."
        ),
        {"wine": Term(wine)},
    )


def _what_section(result: TrainResult, frame: pd.DataFrame) -> Section:
    spec = result.spec
    grades = frame[TARGET]
    return Section(
        "what",
        Message(N_("What the model predicts")),
        (
            _predicts(spec.wine),
            Message(
                N_(
                    "It learnt from {wines} {wine} Vinho Verde wines from the north of "
                    "Portugal, each graded by at least three expert tasters (the grade is "
                    "their median). Their grades run from {lowest} to {highest}; most are 5 "
                    "or 6."
                ),
                {
                    "wines": Number("data_rows", len(frame), "integer"),
                    "wine": Term(spec.wine),
                    "lowest": Number("lowest_grade", int(grades.min()), "integer"),
                    "highest": Number("highest_grade", int(grades.max()), "integer"),
                },
            ),
            Message(
                N_(
                    "Model: {kind}. It was trained on {train} of these wines; {test} others "
                    "were kept aside to test it."
                ),
                {
                    "kind": Term(get_kind(spec.kind).label),
                    "train": Number("train_rows", result.train_rows, "integer"),
                    "test": Number("test_rows", result.test_rows, "integer"),
                },
            ),
        ),
        chart=None,
    )


def _accuracy_section(result: TrainResult, facts: Accuracy, reference: Benchmark | None) -> Section:
    paragraphs = [
        Message(
            N_(
                "On {unseen} wines it had never seen, the model gave the exact grade for "
                "about {exact_tenths} wines in 10 ({exact}), and was within one grade for "
                "about {within_tenths} in 10 ({within})."
            ),
            {
                "unseen": Number("unseen_rows", facts.unseen_rows, "integer"),
                "exact_tenths": Number("exact_share_tenths", facts.exact, "in_ten"),
                "exact": Number("exact_share", facts.exact, "percent"),
                "within_tenths": Number("within_one_share_tenths", facts.within_one, "in_ten"),
                "within": Number("within_one_share", facts.within_one, "percent"),
            },
        ),
        Message(
            N_(
                "Always guessing the average grade would get the exact grade for {exact} of "
                "these wines and be within one grade for {within}."
            ),
            {
                "exact": Number("baseline_exact_share", facts.baseline_exact, "percent"),
                "within": Number("baseline_within_one_share", facts.baseline_within_one, "percent"),
            },
        ),
        Message(
            N_("On average its prediction is {mae} grade points away from the tasters' grade."),
            {"mae": Number("unseen_mae", facts.mae, "decimal", 2)},
        ),
    ]
    if reference is not None:
        paragraphs.append(_paper_message(reference))
    details = (
        Message(
            N_(
                "Exact means the prediction is at most half a grade from the tasters' grade; "
                "within one grade, at most one grade away (the paper's tolerances 0.5 and "
                "1.0)."
            )
        ),
        _twins_message(result, facts),
        Message(
            N_("Error on all test wines: RMSE {rmse}, MAE {mae}, R² {r2}."),
            {
                "rmse": Number("test_rmse", result.test_metrics.rmse, "decimal", 3),
                "mae": Number("test_mae", result.test_metrics.mae, "decimal", 3),
                "r2": Number("test_r2", result.test_metrics.r2, "decimal", 3),
            },
        ),
    )
    return Section(
        "accuracy",
        Message(N_("How often it is right")),
        tuple(paragraphs),
        chart="accuracy",
        details=details,
    )


def _twins_message(result: TrainResult, facts: Accuracy) -> Message:
    if facts.twins_left_out == 0:
        return Message(
            N_(
                "Identical wines were kept on the same side of the split, so none of the "
                "{test} test wines has a twin among the training wines: duplicates cannot "
                "flatter the model."
            ),
            {"test": Number("test_rows_again", result.test_rows, "integer")},
        )
    return Message(
        N_(
            "{twins} of the {test} test wines have an identical twin among the training "
            "wines and are left out, so duplicates cannot flatter the model."
        ),
        {
            "twins": Number("twins_left_out", facts.twins_left_out, "integer"),
            "test": Number("test_rows_again", result.test_rows, "integer"),
        },
    )


def _paper_message(reference: Benchmark) -> Message:
    values: dict[str, Value] = {
        "exact": Number("benchmark_exact_share", reference.exact, "percent"),
        "within": Number("benchmark_within_one_share", reference.within_one, "percent"),
        "folds": Number("benchmark_folds", reference.folds, "integer"),
        "repeats": Number("benchmark_repeats", reference.repeats, "integer"),
    }
    if reference.paper_regression_exact is None or reference.paper_svm_exact is None:
        return Message(
            N_(
                "Scored as the data's authors scored their models ({folds} rounds of tests, "
                "{repeats} times, on wines never seen), this kind of model with its default "
                "settings gets the exact grade for {exact} and within one grade for {within}."
            ),
            values,
        )
    values |= {
        "paper": Number(
            "paper_regression_exact_share", reference.paper_regression_exact, "percent"
        ),
        "paper_within": Number(
            "paper_regression_within_one_share",
            reference.paper_regression_within_one or 0.0,
            "percent",
        ),
        "svm": Number("paper_svm_exact_share", reference.paper_svm_exact, "percent"),
    }
    return Message(
        N_(
            "Scored as the data's authors scored their models ({folds} rounds of tests, "
            "{repeats} times, on wines never seen), this kind of model with its default "
            "settings gets the exact grade for {exact} and within one grade for {within}. "
            "The authors' published figures (Cortez et al., 2009): {paper} exact and "
            "{paper_within} within one grade for their linear model, {svm} exact for their "
            "best model, a support vector machine."
        ),
        values,
    )


def _drivers_section(ranked: tuple[Driver, ...], method: str) -> Section:
    top = ranked[:3]
    values: dict[str, Value] = {}
    for place, driver in enumerate(top, start=1):
        values[f"feature{place}"] = Term(FEATURES_BY_KEY[driver.key].label)
    sentences = [
        Message(N_("What matters most: {feature1}, then {feature2}, then {feature3}."), values)
    ]
    for place, driver in enumerate(top, start=1):
        sentences.append(_direction_message(driver, place, method))
    details = (
        Message(
            N_(
                "The chart shows each measurement's weight: the change in predicted quality "
                "for one standard deviation more of it (standardised coefficient)."
            )
            if method == "coefficient"
            else N_(
                "The chart shows each measurement's weight: how much worse the predictions "
                "get (rise in RMSE) when its values are shuffled among the test wines "
                "(permutation importance). Its colour says which way more of it moves the "
                "prediction."
            )
        ),
        Message(
            N_(
                "This is what the model learnt from these wines: a measurement that goes "
                "with better grades does not necessarily cause them."
            )
        ),
    )
    return Section(
        "drivers",
        Message(N_("What drives quality most")),
        tuple(sentences),
        chart="drivers",
        details=details,
    )


# A linear kind's sentences quote the chart's bars (one standard deviation more), the weights
# that rank the three: a typical low-to-high change ranks them otherwise (a skewed measurement's
# spread differs from its standard deviation), and "then Sulphates (+0.19), then Volatile acidity
# (-0.31)" read as a mistake. An importance has no sign, so the sentence says the change.
_DIRECTIONS = {
    ("coefficient", True): N_(
        "{feature}: more of it goes with a higher predicted grade (+{effect} points for one "
        "standard deviation more, its bar in the chart)."
    ),
    ("coefficient", False): N_(
        "{feature}: more of it goes with a lower predicted grade (−{effect} points for one "
        "standard deviation more, its bar in the chart)."
    ),
    ("importance", True): N_(
        "{feature}: more of it goes with a higher predicted grade (from a typical low "
        "to a typical high value, +{effect} points)."
    ),
    ("importance", False): N_(
        "{feature}: more of it goes with a lower predicted grade (from a typical low to "
        "a typical high value, −{effect} points)."
    ),
}


def _direction_message(driver: Driver, place: int, method: str) -> Message:
    change = driver.weight if method == "coefficient" else driver.effect
    values = {
        "feature": Term(FEATURES_BY_KEY[driver.key].label),
        "effect": Number(f"driver{place}_effect", abs(change), "decimal", 2),
    }
    return Message(_DIRECTIONS[method, change >= 0], values)


def _interval_section(facts: IntervalFacts | None) -> Section:
    paragraphs = [
        Message(
            N_(
                "Each prediction comes with a range of grades. For 9 wines in 10 the "
                "tasters' grade falls inside it. The range is wider for a wine unlike the "
                "wines the model learnt from."
            )
        )
    ]
    if facts is not None:
        paragraphs.append(
            Message(
                N_(
                    "Tested on wines it had never seen, the range held for {coverage} of "
                    "them; it is {width} grade points wide on average."
                ),
                {
                    "coverage": Number("interval_coverage", facts.coverage, "percent"),
                    "width": Number("interval_width", facts.mean_width, "decimal", 1),
                },
            )
        )
        for grade, share, covered in facts.rare_grades:
            paragraphs.append(
                Message(
                    N_(
                        "It fails for rare wines: grade {grade} ({share} of the wines) fell "
                        "inside the range for only {covered} of them."
                    ),
                    {
                        "grade": Number(f"rare_grade_{grade}", grade, "integer"),
                        "share": Number(f"rare_grade_{grade}_share", share, "percent", 1),
                        "covered": Number(f"rare_grade_{grade}_coverage", covered, "percent"),
                    },
                )
            )
    details = (
        Message(
            N_(
                "Method: adaptive split conformal prediction (MAPIE, residual-normalised "
                "score). The errors on held-out wines, divided by a spread that grows with "
                "the distance to the nearest training wine, set the {confidence} margin. "
                "The 90% is an average over wines, not a promise for each wine."
            ),
            {"confidence": Number("interval_confidence", INTERVAL_CONFIDENCE, "percent")},
        ),
    )
    return Section(
        "interval",
        Message(N_("How sure a prediction is")),
        tuple(paragraphs),
        details=details,
    )


def _limits_section(frame: pd.DataFrame) -> Section:
    duplicates = int(frame.duplicated().sum())
    return Section(
        "limits",
        Message(N_("Limits")),
        (
            Message(
                N_(
                    "{duplicates} of the {wines} wines are exact copies of another wine in "
                    "the file; the accuracy above leaves out test wines that have a copy in "
                    "training."
                ),
                {
                    "duplicates": Number("duplicate_rows", duplicates, "integer"),
                    "wines": Number("data_rows_again", len(frame), "integer"),
                },
            ),
            Message(
                N_(
                    "All the wines come from one region (Vinho Verde, Portugal) and one period "
                    "({period}). Other wines, regions or years may behave differently."
                ),
                {"period": DATA_PERIOD},
            ),
            Message(
                N_(
                    "The model finds what goes together with good grades, not what causes "
                    "them: adding alcohol to a wine will not make it better."
                )
            ),
            Message(
                N_(
                    "Grades are people's judgements: the same wine could get a different "
                    "grade from other tasters."
                )
            ),
        ),
    )


def _reproduce_section(facts: Reproduce) -> Section:
    return Section(
        "reproduce",
        Message(N_("How to reproduce it")),
        (
            Message(
                N_("Open the same model in the app: {link}"),
                {"link": Link(f"?{facts.link_query}", f"?{facts.link_query}")},
            ),
            Message(N_("Or train it from a terminal: {command}"), {"command": Code(facts.command)}),
            Message(N_("Data file checksum (SHA-256): {sha}"), {"sha": Code(facts.data_sha256)}),
            Message(
                N_("Made with {versions}."),
                {"versions": ", ".join(f"{k} {v}" for k, v in facts.versions.items())},
            ),
            Message(
                N_("Data: {citation} {link}"),
                {"citation": PAPER_CITATION, "link": Link(DATA_LINK, DATA_LINK)},
            ),
        ),
    )


def wine_report(
    stored: StoredModel,
    frame: pd.DataFrame,
    wine: Mapping[str, float],
    *,
    neighbours: WineNeighbours | None = None,
    importances: pd.DataFrame | None = None,
    better: SmallestChange | None = None,
    model: ModelReport | None = None,
) -> WineReport:
    """The report of one wine (the 11 measurements) scored by a stored model, with the
    model's own report after it (`model` when the caller made it: `own_model_report`); with
    `better`, the "what would make it better" answer the page computed (core.counterfactual),
    when it has been."""
    result = stored.result
    prediction = predict_one(result, wine)
    parts = contributions(result, wine)
    around = (neighbours or WineNeighbours(frame)).around(wine, SIMILAR_WINES)
    low, high = shown_bounds(prediction.low, prediction.high)
    if model is None:
        model = model_report(stored, frame, importances=importances)
        model = replace(model, reproduce=reproduce(stored, wine))
    return WineReport(
        model=model,
        wine=dict(wine),
        prediction=prediction,
        shown_low=low,
        shown_high=high,
        contributions=parts,
        similar=around.similar,
        far=around.far,
        better=better,
        sections=wine_sections(result, prediction, (low, high), parts, around)
        + ((_better_section(better),) if better is not None else ()),
    )


def _better_section(found: SmallestChange) -> Section:
    """The smallest change the model sees for a better grade, and what it does not mean."""
    values: dict[str, Value] = {
        "grade": Number("better_target", found.target, "integer"),
        "goal": Number("better_goal", found.goal, "decimal", 1),
    }
    if not found.reachable:
        first = Message(
            N_(
                "Grade {grade} cannot be reached by changing measurements within the real "
                "wines' ranges: the model stays below {goal}."
            ),
            values,
        )
    elif not found.changes:
        first = Message(N_("The model already predicts at least {goal}."), {"goal": values["goal"]})
    else:
        first = Message(
            N_(
                "For the model to predict grade {grade} (at least {goal}), the smallest change "
                "it sees is in the table."
            ),
            values,
        )
    return Section(
        "better",
        Message(N_("What would make it better?")),
        (first, Message(HONEST_LINE)),
        chart="better" if found.reachable and found.changes else None,
    )


def wine_sections(
    result: TrainResult,
    prediction: Prediction,
    shown: tuple[float, float],
    parts: Contributions,
    around: Neighbourhood,
) -> tuple[Section, ...]:
    return (
        _prediction_section(result, prediction, shown, around),
        _contributions_section(parts),
        Section(
            "similar",
            Message(N_("The most similar real wines")),
            (
                Message(
                    N_(
                        "The real wines whose measurements are closest to this one, and the "
                        "grade their tasters gave them."
                    )
                ),
            ),
            chart="similar",
            details=(
                Message(
                    N_(
                        "Distance: how different a wine is from this one over all 11 "
                        "measurements, each counted in standard deviations of the real wines "
                        "(0 = the same values)."
                    )
                ),
            ),
        ),
    )


def _prediction_section(
    result: TrainResult, prediction: Prediction, shown: tuple[float, float], around: Neighbourhood
) -> Section:
    grades = ", ".join(str(grade) for grade in prediction.grades)
    paragraphs = [
        Message(
            N_("Predicted quality: {quality} on the 0 to 10 scale."),
            {"quality": Number("prediction", prediction.quality, "decimal", 2)},
        ),
        Message(
            N_(
                "For 9 wines in 10 like this one, the tasters' grade lies between {low} and "
                "{high}: they would most likely give {grades}."
            ),
            {
                "low": Number("interval_low", shown[0], "decimal", 1),
                "high": Number("interval_high", shown[1], "decimal", 1),
                "grades": Code(grades),
            },
        ),
    ]
    if prediction.extrapolated:
        names = ", ".join(FEATURES_BY_KEY[key].label for key in prediction.extrapolated)
        paragraphs.append(
            Message(
                N_(
                    "Some values lie outside every real wine's ({features}): the model "
                    "guesses beyond what it has seen, so trust this prediction less."
                ),
                {"features": Term(names)},
            )
        )
    elif around.far:
        paragraphs.append(
            Message(
                N_(
                    "This combination of values is far from every real wine: trust this "
                    "prediction less (its range is wider)."
                )
            )
        )
    return Section(
        "prediction",
        Message(N_("This wine")),
        tuple(paragraphs),
        chart="wine",
    )


def _contributions_section(parts: Contributions) -> Section:
    ranked = sorted(parts.parts.items(), key=lambda item: -abs(item[1]))
    top, value = ranked[0]
    message = (
        N_("{feature} adds the most to this prediction: {change} points.")
        if value >= 0
        else N_("{feature} takes the most away from this prediction: {change} points.")
    )
    return Section(
        "contributions",
        Message(N_("What each measurement adds")),
        (
            Message(
                N_(
                    "Starting from {base}, the prediction for the average wine, each "
                    "measurement of this wine moves the prediction up or down."
                ),
                {"base": Number("contribution_base", parts.base, "decimal", 2)},
            ),
            Message(
                message,
                {
                    "feature": Term(FEATURES_BY_KEY[top].label),
                    "change": Number("top_contribution", value, "signed", 2),
                },
            ),
        ),
        chart="contributions",
        details=(Message(parts.description),),
    )


def own_model_report(
    stored: StoredModel,
    comparison: OwnComparison,
    yours: pd.DataFrame,
    uci: pd.DataFrame | None = None,
    *,
    importances: pd.DataFrame | None = None,
) -> ModelReport:
    """The report of a model trained on a winery's own wines (`core.own_model.compare_own`):
    the same four answers, measured on the winery's held-out wines, beside the shared model
    on those same wines; no paper figure, no UCI interval coverage and no link, which are
    about the UCI wines and the shared model.

    `yours` are the uploaded wines it was trained on and `uci` the UCI wines when it learnt
    from both; `stored.data_sha256` is the upload's checksum.
    """
    result = stored.result
    spec = result.spec
    fitting, _held_out = own_parts(spec, yours, uci)
    ranked, method = drivers(result, importances)
    facts = dict(
        accuracy=accuracy(result, features_and_target(fitting)[0]),
        benchmark=None,
        drivers=ranked,
        driver_method=method,
        interval=None,
        reproduce=Reproduce(
            None, own_command(stored, comparison), stored.data_sha256, library_versions()
        ),
    )
    sections = (
        _own_what_section(result, yours, comparison),
        _own_accuracy_section(result, facts["accuracy"], comparison),
        _drivers_section(ranked, method),
        _interval_section(None),
        _own_limits_section(yours, comparison),
        _own_reproduce_section(facts["reproduce"], spec.wine),
    )
    kind = get_kind(spec.kind)
    settings = tuple((kind.setting(name).label, setting_text(value)) for name, value in spec.params)
    return ModelReport(
        wine=spec.wine,
        model_id=stored.model_id,
        kind_label=kind.label,
        settings=settings,
        sections=sections,
        **facts,
    )


def own_command(stored: StoredModel, comparison: OwnComparison) -> str:
    """The pipeline command that trains this model again from the uploaded file."""
    command = cli_command(stored).replace("python -m core train", "python -m core pipeline", 1)
    command = re.sub(r" --split \S+", "", command)  # the pipeline's cut is always grouped
    with_uci = " --with-uci" if comparison.source == "both" else ""
    return f"{command} --data-dir NEW{with_uci}"


def _own_what_section(
    result: TrainResult, yours: pd.DataFrame, comparison: OwnComparison
) -> Section:
    spec = result.spec
    grades = yours[TARGET]
    learnt = [
        Message(
            N_(
                "It learnt from your own wines: the {wines} wines of the file you uploaded, "
                "graded from {lowest} to {highest}."
            ),
            {
                "wines": Number("data_rows", len(yours), "integer"),
                "lowest": Number("lowest_grade", int(grades.min()), "integer"),
                "highest": Number("highest_grade", int(grades.max()), "integer"),
            },
        )
    ]
    if comparison.uci_rows:
        learnt.append(
            Message(
                N_(
                    "Together with {uci} {wine} Vinho Verde wines from Portugal (the UCI "
                    "data), each graded by at least three expert tasters."
                ),
                {
                    "uci": Number("uci_rows", comparison.uci_rows, "integer"),
                    "wine": Term(spec.wine),
                },
            )
        )
    return Section(
        "what",
        Message(N_("What the model predicts")),
        (
            _predicts(spec.wine),
            *learnt,
            Message(
                N_(
                    "Model: {kind}. It was trained on {train} wines; {test} of your wines "
                    "were kept aside to test it."
                ),
                {
                    "kind": Term(get_kind(spec.kind).label),
                    "train": Number("train_rows", result.train_rows, "integer"),
                    "test": Number("test_rows", result.test_rows, "integer"),
                },
            ),
        ),
    )


def _own_accuracy_section(
    result: TrainResult, facts: Accuracy, comparison: OwnComparison
) -> Section:
    shared = Message(
        N_(
            "On the same {count} wines of yours, the shared model (trained on the UCI wines "
            "only) is on average {current} grade points away from your grades, this model "
            "{new}."
        ),
        {
            "count": Number("compared_rows", comparison.new.wines, "integer"),
            "current": Number("shared_mae", comparison.current.mae, "decimal", 2),
            "new": Number("own_mae", comparison.new.mae, "decimal", 2),
        },
    )
    section = _accuracy_section(result, facts, None)
    return replace(section, paragraphs=(*section.paragraphs, shared))


def _own_limits_section(yours: pd.DataFrame, comparison: OwnComparison) -> Section:
    general = _limits_section(yours).paragraphs
    learnt_from = (
        N_(
            "It learnt from your wines and the UCI wines: wines unlike them, from other "
            "cellars, regions or years, may behave differently."
        )
        if comparison.uci_rows
        else N_(
            "It learnt from your {wines} wines only: few wines make a model that may not "
            "hold for other wines, cellars or years."
        )
    )
    learnt = Message(learnt_from, {"wines": Number("data_rows_limits", len(yours), "integer")})
    return Section("limits", Message(N_("Limits")), (general[0], learnt, *general[2:]))


def _own_reproduce_section(facts: Reproduce, wine: str) -> Section:
    return Section(
        "reproduce",
        Message(N_("How to reproduce it")),
        (
            Message(
                N_(
                    "It was trained in the app on the file you uploaded. The file and the "
                    "model stay in your browser tab only: they have no link and are not "
                    "saved anywhere."
                )
            ),
            Message(
                N_(
                    "To train it again from a terminal, save your file as {file} in a folder "
                    "NEW and run: {command}"
                ),
                {"file": Code(f"winequality-{wine}.csv"), "command": Code(facts.command)},
            ),
            Message(N_("Your file's checksum (SHA-256): {sha}"), {"sha": Code(facts.data_sha256)}),
            Message(
                N_("Made with {versions}."),
                {"versions": ", ".join(f"{k} {v}" for k, v in facts.versions.items())},
            ),
        ),
    )
