"""Shareable links: the app's state as URL query parameters, and back, validated.

Values from a URL are untrusted: unknown keys are ignored, out-of-range numbers clamped,
non-numbers dropped, and every such change is reported so the page can show a notice.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from core.data import DEFAULT_WINE, WINES
from core.errors import SpecError
from core.evaluate import FOLD_MODES
from core.features import FEATURE_KEYS, FEATURES_BY_KEY, FeatureRange
from core.models import DEFAULT_KIND, KINDS, SCALING_LABEL, ModelSpec, ParamValue, get_kind

MAX_VALUE_LENGTH = 64
# What a page shows, beside the model and the wine: each key's allowed values.
VIEWS: dict[str, tuple[str, ...]] = {
    "chart": ("fit", "residuals", "features", "curve"),  # Train's open chart
    "feature": FEATURE_KEYS,  # Explore: the feature against quality
    "plot": ("box", "violin"),  # Explore: how it is drawn
    "scatter_x": FEATURE_KEYS,  # Explore: the two features at once
    "scatter_y": FEATURE_KEYS,
    "folds": FOLD_MODES,  # Evaluate: the REC chart's fold mode
}
VIEW_DEFAULTS: dict[str, str] = {
    "chart": "fit",
    "feature": "alcohol",
    "plot": "box",
    "scatter_x": "alcohol",
    "scatter_y": "volatile_acidity",
    "folds": "leak_free",
}
SCALE_PARAM = "scale"
_SWITCH = {"1": True, "true": True, "on": True, "yes": True}
_SWITCH |= {"0": False, "false": False, "off": False, "no": False}


@dataclass(frozen=True)
class LinkState:
    """What a shared link asks for, after validation."""

    wine: str | None = None
    kind: str | None = None
    hyperparameters: dict[str, ParamValue] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)
    notices: tuple[str, ...] = ()
    scale: bool = True
    view: dict[str, str] = field(default_factory=dict)


def _last(values: str | Sequence[str]) -> str:
    return values if isinstance(values, str) else (values[-1] if values else "")


def _number(text: str) -> float | None:
    if len(text) > MAX_VALUE_LENGTH:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_link(
    params: Mapping[str, str | Sequence[str]],
    ranges_for: Mapping[str, Mapping[str, FeatureRange]],
) -> LinkState:
    """Validate query parameters into a `LinkState` (never raises)."""
    notices: list[str] = []
    raw = {key: _last(value) for key, value in params.items()}
    wine = raw.get("wine")
    if wine is not None and wine not in WINES:
        notices.append(f"Unknown wine {wine[:20]!r} in the link; showing {DEFAULT_WINE}.")
        wine = None
    kind = raw.get("model")
    if kind is not None and kind not in KINDS:
        notices.append(
            f"Unknown model {kind[:20]!r} in the link; using {KINDS[DEFAULT_KIND].label}."
        )
        kind = None
    hyperparameters = _hyperparameters(raw, kind or DEFAULT_KIND, notices)
    scale = _scale(raw, kind or DEFAULT_KIND, notices)
    features = _features(raw, ranges_for[wine or DEFAULT_WINE], notices)
    view = _view(raw, notices)
    known = {
        "wine",
        "model",
        *VIEWS,
        SCALE_PARAM,
        *FEATURE_KEYS,
        *(h.name for k in KINDS.values() for h in k.hyperparameters),
    }
    unknown = sorted(key for key in raw if key not in known)
    if unknown:
        shown = ", ".join(repr(key[:20]) for key in unknown[:3])
        notices.append(f"Ignored unknown link parameter(s): {shown}.")
    return LinkState(wine, kind, hyperparameters, features, tuple(notices), scale, view)


def _view(raw: Mapping[str, str], notices: list[str]) -> dict[str, str]:
    view = {}
    for key, allowed in VIEWS.items():
        if key not in raw:
            continue
        if raw[key] in allowed:
            view[key] = raw[key]
        else:
            notices.append(
                f"Unknown {key} {raw[key][:20]!r} in the link; showing {VIEW_DEFAULTS[key]}."
            )
    return view


def _scale(raw: Mapping[str, str], kind: str, notices: list[str]) -> bool:
    """`scale=0` switches feature scaling off for a linear kind; anything else keeps it on."""
    if SCALE_PARAM not in raw:
        return True
    value = _SWITCH.get(raw[SCALE_PARAM].strip().lower()[:MAX_VALUE_LENGTH])
    if value is None:
        notices.append(f"{SCALE_PARAM} in the link is not 0 or 1; {SCALING_LABEL.lower()}: on.")
        return True
    if not value and not get_kind(kind).linear:
        notices.append(f"{SCALE_PARAM}=0 applies to the linear kinds only; ignored.")
        return True
    return value


def _hyperparameters(
    raw: Mapping[str, str], kind: str, notices: list[str]
) -> dict[str, ParamValue]:
    values: dict[str, ParamValue] = {}
    for hyperparameter in get_kind(kind).hyperparameters:
        if hyperparameter.name not in raw:
            continue
        number = _number(raw[hyperparameter.name])
        if number is None:
            notices.append(f"{hyperparameter.name} in the link is not a number; using the default.")
            continue
        clamped = hyperparameter.clamp(number)
        if clamped != number:
            notices.append(
                f"{hyperparameter.name} = {number:g} is out of range; set to {clamped:g}."
            )
        values[hyperparameter.name] = clamped
    return values


def _features(
    raw: Mapping[str, str], ranges: Mapping[str, FeatureRange], notices: list[str]
) -> dict[str, float]:
    values: dict[str, float] = {}
    for key in FEATURE_KEYS:
        if key not in raw:
            continue
        number = _number(raw[key])
        label = FEATURES_BY_KEY[key].label
        if number is None:
            notices.append(f"{label} in the link is not a number; using the median wine's.")
            continue
        bounds = ranges[key]
        snapped = snap(number, bounds)
        if not bounds.contains(number):
            notices.append(
                f"{label} = {number:g} is outside the sliders' range "
                f"({bounds.low:g} to {bounds.high:g}); set to {snapped:g}."
            )
        values[key] = snapped
    return values


def snap(value: float, bounds: FeatureRange) -> float:
    """The nearest slider position to a value: clamped to the range, rounded to the step."""
    clamped = min(max(value, bounds.low), bounds.high)
    decimals = max(0, -math.floor(math.log10(bounds.step)))
    return round(round((clamped - bounds.low) / bounds.step) * bounds.step + bounds.low, decimals)


def link_params(
    *,
    wine: str,
    kind: str,
    hyperparameters: Mapping[str, ParamValue],
    features: Mapping[str, float] | None = None,
    median: Mapping[str, float] | None = None,
    scale: bool = True,
    view: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Query parameters for a state; features equal to the median wine's, scaling left on
    and view choices at their defaults are left out."""
    params = {"wine": wine, "model": kind}
    chosen = {key: value for key, value in (view or {}).items() if value != VIEW_DEFAULTS[key]}
    params.update(chosen)
    params.update({name: f"{value:g}" for name, value in hyperparameters.items()})
    if not scale:
        params[SCALE_PARAM] = "0"
    for key, value in (features or {}).items():
        if median is None or value != median.get(key):
            params[key] = f"{value:g}"
    return params


def spec_from_query(params: Mapping[str, str | Sequence[str]]) -> ModelSpec:
    """The model a request's query parameters name (`?wine=white&model=ridge&alpha=100`), the
    link's parameters checked strictly: a client is told what is wrong (`SpecError`) instead
    of getting another model than it asked for."""
    raw = {key: _last(value) for key, value in params.items()}
    kind = get_kind(raw.get("model", DEFAULT_KIND)[:40])
    names = {h.name for h in kind.hyperparameters}
    unknown = sorted(set(raw) - {"wine", "model", SCALE_PARAM} - names)
    if unknown:
        allowed = ", ".join(["wine", "model", *sorted(names), SCALE_PARAM])
        raise SpecError(f"Unknown parameter {unknown[0][:20]!r} for {kind.label}: use {allowed}.")
    scale = _SWITCH.get(raw.get(SCALE_PARAM, "1").strip().lower()[:MAX_VALUE_LENGTH])
    if scale is None:
        raise SpecError(f"{SCALE_PARAM} must be 0 or 1, not {raw[SCALE_PARAM][:20]!r}.")
    hyperparameters = {name: raw[name][:MAX_VALUE_LENGTH] for name in names if name in raw}
    return ModelSpec.create(
        raw.get("wine", DEFAULT_WINE)[:20], kind.name, scale=scale, **hyperparameters
    )
