"""The OpenAPI 3.1 document of the app's JSON routes, drawn from `core`'s declarations.

It promises only what the server does. The model is chosen by one exploded query object
(`?model=lasso&alpha=0.1`: each property its own parameter, as in a shared link), one
variant per kind: each kind takes its own hyperparameters, in its own ranges, and nothing
else (the server refuses another kind's setting rather than ignore it). Without `model` the
default kind is served, so only its variant may leave `model` out. A wine is a list of the
11 measurements in order, or an object naming each once, by key or by the UCI column, each
within its plausible range.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.features import Feature
from core.models import (
    DEFAULT_SPLIT,
    SEED,
    SPLIT_PARAM,
    SPLITS,
    TEST_SIZE,
    Choice,
    Hyperparameter,
    ModelKind,
)

_ERROR = {"$ref": "#/components/responses/Error"}


def document(
    *,
    wines: tuple[str, ...],
    kinds: Mapping[str, ModelKind],
    default_kind: str,
    scale_param: str,
    features: tuple[Feature, ...],
    max_rows: int,
    interval_confidence: float,
) -> dict[str, Any]:
    parameters = [_model_query(wines, kinds, default_kind, scale_param)]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Wine Quality Lab",
            "version": "2",
            "description": "Predict the quality of wines with the app's models. The model is "
            "chosen by the same query parameters as the app's links, each kind with its own "
            "hyperparameters; a slow kind must have been trained in the app first (409).",
        },
        "paths": {
            "/api/predict": {
                "post": {
                    "summary": f"Predict the quality of up to {max_rows} wines, with "
                    f"{interval_confidence:.0%} intervals",
                    "parameters": parameters,
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _request(features, max_rows)}},
                    },
                    "responses": {
                        "200": _json("Predictions in the order of the wines", _PREDICTIONS),
                        **{code: _ERROR for code in ("400", "405", "409", "413")},
                    },
                }
            },
            "/api/model": {
                "get": {
                    "summary": "The model's spec, metrics, features, units and ranges",
                    "parameters": parameters,
                    "responses": {
                        "200": _json("The model", {"type": "object"}),
                        **{code: _ERROR for code in ("400", "405", "409")},
                    },
                }
            },
            "/api/guide": {
                "get": {
                    "summary": "How to call this API, in words: the README's section, as Markdown",
                    "responses": {
                        "200": {
                            "description": "The section",
                            "content": {"text/markdown": {"schema": {"type": "string"}}},
                        },
                        "405": _ERROR,
                    },
                }
            },
        },
        "components": {
            "responses": {
                "Error": _json(
                    "A refused request; the message says why",
                    {
                        "type": "object",
                        "properties": {"error": {"type": "string"}},
                        "required": ["error"],
                    },
                )
            }
        },
    }


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _setting(hyperparameter: Hyperparameter | Choice) -> dict[str, Any]:
    if isinstance(hyperparameter, Choice):
        return {
            "type": "string",
            "enum": list(hyperparameter.choices),
            "default": hyperparameter.default,
            "description": f"{hyperparameter.display_name}: {hyperparameter.help}",
        }
    number = "integer" if hyperparameter.type is int else "number"
    return {
        "type": number,
        "minimum": hyperparameter.low,
        "maximum": hyperparameter.high,
        "default": hyperparameter.default,
        "description": f"{hyperparameter.display_name}: {hyperparameter.help}",
    }


def _model_query(
    wines: tuple[str, ...], kinds: Mapping[str, ModelKind], default_kind: str, scale_param: str
) -> dict[str, Any]:
    """One exploded query object, a variant per kind (`oneOf`: exactly one fits a request)."""
    shared = {
        "wine": {"type": "string", "enum": list(wines), "default": wines[0]},
        TEST_SIZE.name: _setting(TEST_SIZE),
        SEED.name: _setting(SEED),
        SPLIT_PARAM: {
            "type": "string",
            "enum": list(SPLITS),
            "default": DEFAULT_SPLIT,
            "description": "How the held-out wines are drawn: grouped keeps identical wines on "
            "one side; tutorial is plain train_test_split, as the classic tutorials split.",
        },
    }
    scale = {
        "type": "string",
        "enum": ["0", "1"],
        "default": "1",
        "description": "0 fits the raw measurements, without feature scaling.",
    }
    variants = []
    for kind in kinds.values():
        properties = {
            "model": {"const": kind.name, "description": kind.label},
            **shared,
            **{s.name: _setting(s) for s in kind.settings},
            **({scale_param: scale} if kind.linear else {}),
        }
        variant = {
            "title": kind.name,
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if kind.name != default_kind:
            variant["required"] = ["model"]
        variants.append(variant)
    return {
        "name": "model",
        "in": "query",
        "style": "form",
        "explode": True,
        "schema": {"oneOf": variants},
        "description": f"The model, as in a shared link: `model` (default {default_kind}), "
        "`wine`, the split and the kind's own hyperparameters, each a parameter of its own.",
    }


def _request(features: tuple[Feature, ...], max_rows: int) -> dict[str, Any]:
    def measurement(feature: Feature) -> dict[str, Any]:
        low, high = feature.plausible
        return {"type": "number", "minimum": low, "maximum": high, "description": feature.unit}

    positional = {
        "type": "array",
        "prefixItems": [measurement(feature) for feature in features],
        "items": False,
        "minItems": len(features),
        "description": "The 11 measurements in this order: "
        + ", ".join(feature.key for feature in features),
    }
    named = {
        "type": "object",
        "description": "Each measurement once, by its key or by the UCI file's column name.",
        "properties": {
            name: measurement(feature)
            for feature in features
            for name in dict.fromkeys((feature.key, feature.column))
        },
        "additionalProperties": False,
        "allOf": [_once(feature) for feature in features],
    }
    return {
        "type": "object",
        "properties": {
            "data": {
                "type": "array",
                "minItems": 1,
                "maxItems": max_rows,
                "items": {"oneOf": [positional, named]},
            }
        },
        "required": ["data"],
    }


def _once(feature: Feature) -> dict[str, Any]:
    """A wine object names a measurement exactly once: by key or by column, not both."""
    if feature.key == feature.column:
        return {"required": [feature.key]}
    return {"oneOf": [{"required": [feature.key]}, {"required": [feature.column]}]}


_NUMBERS = {"type": "array", "items": {"type": "number"}}
_PREDICTIONS = {
    "type": "object",
    "properties": {
        "result": _NUMBERS,
        "interval": {
            "type": "array",
            "items": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
            "description": "Per wine, [low, high]: the interval's bounds on the 0–10 scale.",
        },
        "interval_confidence": {"type": "number"},
        "interval_method": {"type": "string"},
        "grades": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
        "model": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "description": {"type": "string"},
                "spec": {"type": "object"},
            },
            "required": ["id", "description", "spec"],
        },
    },
    "required": ["result", "interval", "interval_confidence", "interval_method", "grades", "model"],
}
