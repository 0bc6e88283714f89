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
from core.evaluate import FOLD_MODES, TOLERANCES
from core.features import FEATURE_KEYS, FEATURES_BY_KEY, FeatureRange
from core.messages import N_, Message
from core.models import (
    DEFAULT_KIND,
    DEFAULT_SPLIT,
    KINDS,
    SEED,
    SPLIT_PARAM,
    SPLITS,
    TEST_SIZE,
    Choice,
    Hyperparameter,
    ModelSpec,
    ParamValue,
    get_kind,
)

MAX_VALUE_LENGTH = 64
# Train's charts: each one's name in a link, and the title of its tab (translated where shown).
TRAIN_CHARTS: dict[str, str] = {
    "fit": N_("Predicted vs actual"),
    "residuals": N_("Residuals"),
    "features": N_("What the model uses"),
    "curve": N_("Validation curve"),
}
# What a page shows, beside the model and the wine: each key's allowed values.
VIEWS: dict[str, tuple[str, ...]] = {
    "chart": tuple(TRAIN_CHARTS),  # Train's open chart
    "feature": FEATURE_KEYS,  # Explore: the feature against quality
    "plot": ("box", "violin"),  # Explore: how it is drawn
    "scatter_x": FEATURE_KEYS,  # Explore: the two features at once
    "scatter_y": FEATURE_KEYS,
    "folds": FOLD_MODES,  # Evaluate: the REC chart's fold mode
    # Train: the validation curve's hyperparameter ("" = the kind's teaching one)
    "curve": tuple(dict.fromkeys(h.name for k in KINDS.values() for h in k.hyperparameters)),
    # Evaluate: the REC chart's curves, comma-separated kinds and "own" (the model in use)
    "curves": ("own", *KINDS),
    # Evaluate: the table's measure, the MAD or the accuracy within one tolerance T
    "measure": ("mad", *(f"{t:g}" for t in TOLERANCES)),
}
# Views whose value is a comma-separated choice of several allowed values.
MULTI_VIEWS = frozenset({"curves"})
VIEW_DEFAULTS: dict[str, str] = {
    "chart": "fit",
    "feature": "alcohol",
    "plot": "box",
    "scatter_x": "alcohol",
    "scatter_y": "volatile_acidity",
    "folds": "leak_free",
    "curve": "",
    "curves": "",
    "measure": "mad",
}
SCALE_PARAM = "scale"
HOLDOUT_PARAMS = (TEST_SIZE.name, SEED.name)
# The reader's language (`lang=fr`): read and checked by the page layer, which alone speaks
# languages; `core` only lets it through and writes it back.
LANGUAGE_PARAM = "lang"
_SWITCH = {"1": True, "true": True, "on": True, "yes": True}
_SWITCH |= {"0": False, "false": False, "off": False, "no": False}


@dataclass(frozen=True)
class LinkState:
    """What a shared link asks for, after validation."""

    wine: str | None = None
    kind: str | None = None
    hyperparameters: dict[str, ParamValue] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)
    notices: tuple[Message, ...] = ()
    scale: bool = True
    view: dict[str, str] = field(default_factory=dict)
    split: str = DEFAULT_SPLIT
    holdout: dict[str, ParamValue] = field(default_factory=dict)  # test_size and seed, if given
    language: str | None = None  # the link's `lang=` as written (checked by the page layer)


def _last(values: str | Sequence[str]) -> str:
    return values if isinstance(values, str) else (values[-1] if values else "")


def exact_text(value: ParamValue) -> str:
    """A number as the shortest text that reads back as exactly that number (`repr`), a whole
    one without '.0': a link or query names the very model on screen, never a rounded one.
    A choice (a network's activation) is its name."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) or (float(value).is_integer() and abs(value) < 2**53):
        return str(int(value))
    return repr(float(value))


def _number(text: str) -> float | None:
    if len(text) > MAX_VALUE_LENGTH:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


# Every parameter a link can carry; any other is named back to the visitor as ignored.
KNOWN_PARAMS = frozenset(
    {
        "wine",
        "model",
        *VIEWS,
        SCALE_PARAM,
        SPLIT_PARAM,
        *HOLDOUT_PARAMS,
        LANGUAGE_PARAM,
        *FEATURE_KEYS,
        *(setting.name for kind in KINDS.values() for setting in kind.settings),
    }
)


def parse_link(
    params: Mapping[str, str | Sequence[str]],
    ranges_for: Mapping[str, Mapping[str, FeatureRange]],
) -> LinkState:
    """Validate query parameters into a `LinkState` (never raises)."""
    notices: list[Message] = []
    raw = {key: _last(value) for key, value in params.items()}
    wine = raw.get("wine")
    if wine is not None and wine not in WINES:
        notices.append(
            Message(
                N_("Unknown wine {wine} in the link; showing {default}."),
                wine=repr(wine[:20]),
                default=Message(DEFAULT_WINE),
            )
        )
        wine = None
    kind = raw.get("model")
    if kind is not None and kind not in KINDS:
        notices.append(
            Message(
                N_("Unknown model {model} in the link; using {default}."),
                model=repr(kind[:20]),
                default=Message(KINDS[DEFAULT_KIND].label),
            )
        )
        kind = None
    hyperparameters = _hyperparameters(raw, kind or DEFAULT_KIND, notices)
    holdout = _settings(raw, (TEST_SIZE, SEED), notices)
    scale = _scale(raw, kind or DEFAULT_KIND, notices)
    features = _features(raw, ranges_for[wine or DEFAULT_WINE], notices)
    view = _view(raw, notices)
    split = _split(raw, notices)
    unknown = sorted(key for key in raw if key not in KNOWN_PARAMS)
    if unknown:
        shown = ", ".join(repr(key[:20]) for key in unknown[:3])
        notices.append(Message(N_("Ignored unknown link parameter(s): {names}."), names=shown))
    language = raw.get(LANGUAGE_PARAM, "")[:20] or None
    return LinkState(
        wine, kind, hyperparameters, features, tuple(notices), scale, view, split, holdout, language
    )


def _split(raw: Mapping[str, str], notices: list[Message]) -> str:
    """`split=tutorial` asks for the tutorial's plain split; anything else keeps the default."""
    value = raw.get(SPLIT_PARAM, DEFAULT_SPLIT)
    if value in SPLITS:
        return value
    notices.append(
        Message(
            N_("Unknown split {split} in the link; keeping identical wines together."),
            split=repr(value[:20]),
        )
    )
    return DEFAULT_SPLIT


def _view(raw: Mapping[str, str], notices: list[Message]) -> dict[str, str]:
    view = {}
    for key, allowed in VIEWS.items():
        if key not in raw:
            continue
        if key in MULTI_VIEWS:
            chosen = [value for value in raw[key].split(",") if value]
            known = [value for value in dict.fromkeys(chosen) if value in allowed]
            if known:
                view[key] = ",".join(known)
                if len(known) < len(chosen):
                    notices.append(f"Ignored unknown {key} in the link.")
                continue
        if raw[key] in allowed:
            view[key] = raw[key]
        else:
            notices.append(
                Message(
                    N_("Unknown {key} {value} in the link; showing {default}."),
                    key=key,
                    value=repr(raw[key][:20]),
                    default=VIEW_DEFAULTS[key],
                )
            )
    return view


def _scale(raw: Mapping[str, str], kind: str, notices: list[Message]) -> bool:
    """`scale=0` switches feature scaling off for a linear kind; anything else keeps it on."""
    if SCALE_PARAM not in raw:
        return True
    value = _SWITCH.get(raw[SCALE_PARAM].strip().lower()[:MAX_VALUE_LENGTH])
    if value is None:
        notices.append(
            Message(
                N_("{name} in the link is not 0 or 1; the features stay scaled."), name=SCALE_PARAM
            )
        )
        return True
    if not value and not get_kind(kind).linear:
        notices.append(
            Message(N_("{name}=0 applies to the linear kinds only; ignored."), name=SCALE_PARAM)
        )
        return True
    return value


def _hyperparameters(
    raw: Mapping[str, str], kind: str, notices: list[Message]
) -> dict[str, ParamValue]:
    return _settings(raw, get_kind(kind).settings, notices)


def _settings(
    raw: Mapping[str, str], declared: Sequence[Hyperparameter | Choice], notices: list[Message]
) -> dict[str, ParamValue]:
    """The declared settings the link gives, each brought into its domain with a notice."""
    values: dict[str, ParamValue] = {}
    for setting in declared:
        if setting.name in raw:
            value = _setting(setting, raw[setting.name], notices)
            if value is not None:
                values[setting.name] = value
    return values


def _setting(
    setting: Hyperparameter | Choice, text: str, notices: list[Message]
) -> ParamValue | None:
    """One setting from its link text: a number in range as it is; a fraction for a count,
    or a number out of range, brought to the nearest allowed value and said so; a choice
    that is none of the declared ones left at its default, with the choices named."""
    if isinstance(setting, Choice):
        return _choice(setting, text, notices)
    number = _number(text)
    if number is None:
        notice = N_("{name} in the link is not a number; using the default.")
        notices.append(Message(notice, name=setting.name))
        return None
    allowed = setting.clamp(number)
    values = {"name": setting.name, "value": text.strip()[:20], "allowed": exact_text(allowed)}
    fraction = setting.type is int and not number.is_integer()
    if fraction and setting.low <= number <= setting.high:
        notice = N_("{name} must be a whole number, not {value}; set to {allowed}.")
        notices.append(Message(notice, **values))
    elif allowed != number:
        notices.append(Message(N_("{name} = {value} is out of range; set to {allowed}."), **values))
    return allowed


def _choice(setting: Choice, text: str, notices: list[Message]) -> str | None:
    value = text.strip().lower()[:MAX_VALUE_LENGTH]
    if value in setting.choices:
        return value
    notice = N_("{name} = {value} is not one of {choices}; using the default, {default}.")
    values = {"value": repr(text[:20]), "choices": setting.choices, "default": setting.default}
    notices.append(Message(notice, name=setting.name, **values))
    return None


def _features(
    raw: Mapping[str, str], ranges: Mapping[str, FeatureRange], notices: list[Message]
) -> dict[str, float]:
    values: dict[str, float] = {}
    for key in FEATURE_KEYS:
        if key not in raw:
            continue
        number = _number(raw[key])
        label = Message(FEATURES_BY_KEY[key].label)
        if number is None:
            notices.append(
                Message(
                    N_("{name} in the link is not a number; using the median wine's."),
                    name=label,
                )
            )
            continue
        bounds = ranges[key]
        snapped = snap(number, bounds)
        if not bounds.contains(number):
            notices.append(
                Message(
                    N_(
                        "{name} = {value} is outside the sliders' range ({low} to {high}); "
                        "set to {snapped}."
                    ),
                    name=label,
                    value=float(number),
                    low=float(bounds.low),
                    high=float(bounds.high),
                    snapped=float(snapped),
                )
            )
        values[key] = snapped
    return values


def snap(value: float, bounds: FeatureRange) -> float:
    """The nearest slider position to a value: clamped to the range, rounded to the step."""
    clamped = min(max(value, bounds.low), bounds.high)
    position = round((clamped - bounds.low) / bounds.step) * bounds.step + bounds.low
    return round(position, bounds.decimals)


def link_params(
    *,
    wine: str,
    kind: str,
    hyperparameters: Mapping[str, ParamValue],
    features: Mapping[str, float] | None = None,
    median: Mapping[str, float] | None = None,
    scale: bool = True,
    view: Mapping[str, str] | None = None,
    split: str = DEFAULT_SPLIT,
    test_size: float = TEST_SIZE.default,
    seed: int = SEED.default,
    language: str | None = None,
) -> dict[str, str]:
    """Query parameters for a state, every number written exactly; features equal to the
    median wine's, scaling left on, the default split and view choices at their defaults
    are left out; `lang` last, when a language is given."""
    params = {"wine": wine, "model": kind}
    chosen = {key: value for key, value in (view or {}).items() if value != VIEW_DEFAULTS[key]}
    params.update(chosen)
    params.update({name: exact_text(value) for name, value in hyperparameters.items()})
    if not scale:
        params[SCALE_PARAM] = "0"
    if split != DEFAULT_SPLIT:
        params[SPLIT_PARAM] = split
    for setting, value in ((TEST_SIZE, test_size), (SEED, seed)):
        if value != setting.default:
            params[setting.name] = exact_text(value)
    for key, value in (features or {}).items():
        if median is None or value != median.get(key):
            params[key] = exact_text(value)
    if language:
        params[LANGUAGE_PARAM] = language
    return params


def spec_link_params(
    spec: ModelSpec,
    *,
    features: Mapping[str, float] | None = None,
    median: Mapping[str, float] | None = None,
    view: Mapping[str, str] | None = None,
    language: str | None = None,
) -> dict[str, str]:
    """`link_params` for a spec's model (wine, kind, hyperparameters, scaling and split) and
    what a page shows beside it, in a language (`lang=`) if given."""
    return link_params(
        wine=spec.wine,
        kind=spec.kind,
        hyperparameters=spec.hyperparameters,
        scale=spec.scale,
        split=spec.split,
        test_size=spec.test_size,
        seed=spec.seed,
        features=features,
        median=median,
        view=view,
        language=language,
    )


def spec_from_query(params: Mapping[str, str | Sequence[str]]) -> ModelSpec:
    """The model a request's query parameters name (`?wine=white&model=ridge&alpha=100`), the
    link's parameters checked strictly: a client is told what is wrong (`SpecError`) instead
    of getting another model than it asked for. Each kind takes its own hyperparameters,
    `scale` (0 or 1) for the linear kinds, and the split."""
    raw = {key: _last(value) for key, value in params.items()}
    kind = get_kind(raw.get("model", DEFAULT_KIND)[:40])
    names = [s.name for s in kind.settings]
    scaling = [SCALE_PARAM] if kind.linear else []
    allowed = ["wine", "model", *names, *scaling, SPLIT_PARAM, *HOLDOUT_PARAMS]
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise SpecError(
            f"Unknown parameter {unknown[0][:20]!r} for {kind.label}: use {', '.join(allowed)}."
        )
    scale = {"1": True, "0": False}.get(raw.get(SCALE_PARAM, "1"))
    if scale is None:
        raise SpecError(f"{SCALE_PARAM} must be 0 or 1, not {raw[SCALE_PARAM][:20]!r}.")
    hyperparameters = {name: raw[name][:MAX_VALUE_LENGTH] for name in names if name in raw}
    holdout = {
        setting.name: setting.coerce(raw[setting.name][:MAX_VALUE_LENGTH])
        for setting in (TEST_SIZE, SEED)
        if setting.name in raw
    }
    return ModelSpec.create(
        raw.get("wine", DEFAULT_WINE)[:20],
        kind.name,
        scale=scale,
        split=raw.get(SPLIT_PARAM, DEFAULT_SPLIT)[:20],
        **holdout,
        **hyperparameters,
    )
