"""The OpenAPI 3.1 document of the app's JSON routes, drawn from `core`'s declarations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.models import Hyperparameter

_ERROR = {"$ref": "#/components/responses/Error"}


def document(
    *,
    wines: tuple[str, ...],
    kinds: tuple[str, ...],
    default_kind: str,
    hyperparameters: Mapping[str, Hyperparameter],
    scale_param: str,
    feature_keys: tuple[str, ...],
    max_rows: int,
) -> dict[str, Any]:
    parameters = _parameters(wines, kinds, default_kind, hyperparameters, scale_param)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Wine Quality Lab",
            "version": "1",
            "description": "Predict the quality of wines with the app's models. The model is "
            "chosen by the same query parameters as the app's links; a slow kind must have "
            "been trained in the app first.",
        },
        "paths": {
            "/api/predict": {
                "post": {
                    "summary": f"Predict the quality of up to {max_rows} wines, with 90% intervals",
                    "parameters": parameters,
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _request(feature_keys)}},
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


def _parameters(
    wines: tuple[str, ...],
    kinds: tuple[str, ...],
    default_kind: str,
    hyperparameters: Mapping[str, Hyperparameter],
    scale_param: str,
) -> list[dict[str, Any]]:
    def query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
        return {"name": name, "in": "query", "schema": schema, "description": description}

    found = [
        query("wine", {"type": "string", "enum": list(wines)}, "Wine set (default: red)."),
        query(
            "model",
            {"type": "string", "enum": list(kinds), "default": default_kind},
            "Model kind.",
        ),
        query(
            scale_param,
            {"type": "string", "enum": ["0", "1"], "default": "1"},
            "Linear kinds: 0 fits the raw measurements, without feature scaling.",
        ),
    ]
    for name, hyperparameter in hyperparameters.items():
        number = "integer" if hyperparameter.type is int else "number"
        schema = {"type": number, "minimum": hyperparameter.low, "maximum": hyperparameter.high}
        found.append(
            query(name, schema, f"{hyperparameter.display_name}, for the kinds that have it.")
        )
    return found


def _request(feature_keys: tuple[str, ...]) -> dict[str, Any]:
    number = {"type": "number"}
    positional = {
        "type": "array",
        "items": number,
        "minItems": len(feature_keys),
        "maxItems": len(feature_keys),
        "description": "The 11 measurements in this order: " + ", ".join(feature_keys),
    }
    named = {
        "type": "object",
        "properties": {key: number for key in feature_keys},
        "required": list(feature_keys),
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {
            "data": {"type": "array", "minItems": 1, "items": {"oneOf": [positional, named]}}
        },
        "required": ["data"],
    }


_NUMBERS = {"type": "array", "items": {"type": "number"}}
_PREDICTIONS = {
    "type": "object",
    "properties": {
        "result": _NUMBERS,
        "interval": {
            "type": "object",
            "properties": {
                "low": _NUMBERS,
                "high": _NUMBERS,
                "confidence": {"type": "number"},
                "method": {"type": "string"},
            },
        },
        "grades": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
        "model": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "description": {"type": "string"},
                "spec": {"type": "object"},
            },
        },
    },
    "required": ["result", "interval", "grades", "model"],
}
