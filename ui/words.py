"""`core`'s declarations in the reader's words: wine sets, measurements, units, model kinds.

`core` declares its names in English, marked with `N_` so the catalogs hold them; these
helpers translate them where a page shows them. Every page and chart asks here, so a
measurement has one name per language across the app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from core.features import FEATURES_BY_KEY, Feature
from core.models import DEFAULT_SPLIT, Choice, Hyperparameter, ModelSpec, get_kind
from i18n import N_, _, decimal, general, integer, signed

T = TypeVar("T")
WINE_NAMES = {"red": N_("Red"), "white": N_("White")}
# The wine set inside a sentence ("12 held-out red wines").
WINE_ADJECTIVES = {"red": N_("red"), "white": N_("white")}


def wine_name(wine: str) -> str:
    """'Red', 'Rouge', '红葡萄酒'…: the wine set as a choice or a heading."""
    return _(WINE_NAMES[wine]) if wine in WINE_NAMES else wine


def wine_adjective(wine: str) -> str:
    """'red', 'rouges', '红': the wine set inside a sentence ("on the red wines")."""
    return _(WINE_ADJECTIVES[wine]) if wine in WINE_ADJECTIVES else wine


def duration_text(seconds: float) -> str:
    """A training time as people read it: milliseconds under a second, else seconds."""
    if seconds < 1:
        return _("{ms} ms", ms=integer(round(seconds * 1000)))
    return _("{seconds} s", seconds=decimal(seconds, 1))


def sentences(parts: Iterable[str]) -> str:
    """Translated sentences in a row: a space after '.', none after Chinese '。'."""
    text = ""
    for part in parts:
        text += part if not text or text.endswith("。") else " " + part
    return text


def delta_text(change: float, decimals: int) -> str:
    """A metric's change the reader's way ('+0,012'), its minus the ASCII one Streamlit reads
    to choose the arrow's direction and colour."""
    return signed(change, decimals).replace("−", "-")


def feature(key: str) -> Feature:
    return FEATURES_BY_KEY[key]


def feature_label(key: str) -> str:
    """A measurement's name ('Fixed acidity', 'Acidité fixe', '固定酸度')."""
    if key == "quality":
        return _("Quality")
    return _(FEATURES_BY_KEY[key].label)


def feature_unit(key: str) -> str:
    """A measurement's unit as chemists write it in the reader's language ('' for pH)."""
    unit = FEATURES_BY_KEY[key].unit
    return _(unit) if unit else ""


def feature_label_with_unit(key: str) -> str:
    """'Fixed acidity (g/dm³ tartaric acid)', 'Acidité fixe (g/L d'acide tartrique)'."""
    unit = feature_unit(key) if key in FEATURES_BY_KEY else ""
    if not unit:
        return feature_label(key)
    return _("{name} ({unit})", name=feature_label(key), unit=unit)


def feature_description(key: str) -> str:
    return _(FEATURES_BY_KEY[key].description)


def kind_label(kind: str) -> str:
    """A model kind's name ('Ridge regression', 'Régression ridge')."""
    return _(get_kind(kind).label)


def kind_description(kind: str) -> str:
    return _(get_kind(kind).description)


def hyperparameter_name(hyperparameter: Hyperparameter | Choice) -> str:
    """'Regularisation strength (alpha)': the readable name translated, scikit-learn's kept."""
    return _("{label} ({name})", label=_(hyperparameter.label), name=hyperparameter.name)


def hyperparameter_help(hyperparameter: Hyperparameter | Choice) -> str:
    return _(hyperparameter.help)


def choice_label(choice: Choice, value: str) -> str:
    """'Tanh: hyperbolic tangent' ('Tanh : tangente hyperbolique'): one option, translated."""
    return _(choice.choice_label(value))


def describe_spec(spec: ModelSpec) -> str:
    """The model in one line: 'Ridge regression, alpha=0.5' ('Régression ridge, alpha=0,5')."""
    parts = [
        f"{name}={value if isinstance(value, str) else general(value)}"
        for name, value in spec.params
    ]
    if not spec.scale:
        parts.append(_("no scaling"))
    if spec.split != DEFAULT_SPLIT:
        parts.append(_("tutorial split"))
    if not parts:
        return kind_label(spec.kind)
    return _("{model}, {settings}", model=kind_label(spec.kind), settings=", ".join(parts))


def named(options: Iterable[T], name: Callable[[T], str]) -> Callable[[T], str]:
    """A widget's `format_func` with every option's name said now, in this run's language.

    Streamlit's test runner calls `format_func` again after the run, outside it (where the
    language is English); a table made during the run gives the same names there.
    """
    table = {option: name(option) for option in options}
    return lambda option: table.get(option, str(option))


def gap_sentences(**values: str) -> dict[str, str]:
    """The train-versus-test gap in words, one sentence per `core.train_result.fit_gap`."""
    return {
        "overfit": _(
            "**Overfitting:** training RMSE {train} against test RMSE {test}. The model fits "
            "its training wines far better than new ones; less capacity or more "
            "regularisation narrows the gap.",
            **values,
        ),
        "some": _(
            "Training RMSE {train} against test RMSE {test}: some of the fit is memorised, "
            "most of it carries over to new wines.",
            **values,
        ),
        "none": _(
            "Training RMSE {train} against test RMSE {test}: no gap to speak of. The model does "
            "not memorise; more capacity, not less, might lower both.",
            **values,
        ),
    }
