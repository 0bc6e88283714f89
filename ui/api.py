"""The app's JSON face, served by `streamlit run app.py` beside the pages (`st.App` routes).

`POST /api/predict` scores wines, `GET /api/model` describes a model, `GET /api/openapi.json`
describes both. Like a page, this module only checks the request, asks `core` and shapes the
answer; the model comes from the same cached store the pages use, chosen by the same query
parameters as a shared link (imported once the runtime runs, so its caches are the pages').
Every refusal is a 4xx with `{"error": "..."}`; nothing here
trains a slow model kind, which would tie up a server that visitors share.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from core.data import WINES
from core.errors import WineLabError
from core.features import FEATURE_KEYS, FEATURES
from core.links import SCALE_PARAM, spec_from_query
from core.models import DEFAULT_KIND, KINDS, ModelSpec, get_kind
from core.scoring import (
    INTERVAL_METHOD,
    TooManyRowsError,
    predict_with_intervals,
    rows_from_json,
)
from core.store import StoredModel
from core.train import INTERVAL_CONFIDENCE

log = logging.getLogger(__name__)

MAX_ROWS = 1000
MAX_BODY_BYTES = 512 * 1024


class RequestError(Exception):
    """A request this API refuses, with the HTTP status that says why."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def api_routes() -> list[Route]:
    return [
        Route("/api/predict", _answer(_predict), methods=["GET", "POST"]),
        Route("/api/model", _answer(_model), methods=["GET", "POST"]),
        Route("/api/openapi.json", _answer(_openapi), methods=["GET", "POST"]),
    ]


Handler = Callable[[Request], Awaitable[dict[str, Any]]]


def _answer(handler: Handler) -> Callable[[Request], Awaitable[JSONResponse]]:
    """An endpoint that turns every refusal into JSON: the project's errors and ours."""

    async def endpoint(request: Request) -> JSONResponse:
        try:
            return JSONResponse(await handler(request))
        except RequestError as error:
            return JSONResponse({"error": str(error)}, status_code=error.status)
        except WineLabError as error:
            return JSONResponse({"error": str(error)}, status_code=400)

    return endpoint


async def _predict(request: Request) -> dict[str, Any]:
    _require(request, "POST")
    body = await _body(request)
    stored = await run_in_threadpool(_model_for, request)
    return await run_in_threadpool(predictions, stored, body)


async def _model(request: Request) -> dict[str, Any]:
    _require(request, "GET")
    return model_description(await run_in_threadpool(_model_for, request))


async def _openapi(request: Request) -> dict[str, Any]:
    _require(request, "GET")
    return openapi_document()


def _require(request: Request, method: str) -> None:
    if request.method != method:
        raise RequestError(f"Use {method} for {request.url.path}.", status=405)


async def _body(request: Request) -> bytes:
    """The request body, refused past `MAX_BODY_BYTES` before it is all read."""
    too_large = RequestError(
        f"The body is larger than {MAX_BODY_BYTES // 1024} KiB; send at most {MAX_ROWS} wines "
        "a request.",
        status=413,
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _model_for(request: Request) -> StoredModel:
    """The model the query names; a slow kind only if some visitor has trained it already."""
    from ui.cache import model_store, stored_model  # after the runtime has started

    query = request.query_params
    spec = spec_from_query({key: query.getlist(key) for key in query})
    kind = get_kind(spec.kind)
    if not kind.fast and not model_store().has(spec):
        raise RequestError(
            f"{spec.describe()} is not trained yet, and {kind.label} takes seconds to train: "
            "train it on the app's Train page first, or ask for a fast kind "
            f"({', '.join(k.name for k in KINDS.values() if k.fast)}).",
            status=409,
        )
    return stored_model(spec)


def predictions(stored: StoredModel, body: bytes) -> dict[str, Any]:
    """MLOpsPython's answer (`{"result": [...]}`) plus the intervals, grades and the model."""
    try:
        rows = rows_from_json(body, max_rows=MAX_ROWS)
    except TooManyRowsError as error:
        raise RequestError(str(error), status=413) from None
    predicted = predict_with_intervals(stored.result, rows)
    return {
        "result": [float(value) for value in predicted.quality],
        "interval": {
            "low": [float(value) for value in predicted.low],
            "high": [float(value) for value in predicted.high],
            "confidence": INTERVAL_CONFIDENCE,
            "method": INTERVAL_METHOD,
        },
        "grades": [list(grades) for grades in predicted.grades],
        "model": _model_summary(stored),
    }


def _model_summary(stored: StoredModel) -> dict[str, Any]:
    spec = stored.result.spec
    return {
        "id": stored.model_id,
        "description": spec.describe(),
        "spec": spec.to_dict() | {"scale": spec.scale},
    }


def model_description(stored: StoredModel) -> dict[str, Any]:
    """What a client needs to build a request: the model, its metrics, the features."""
    result = stored.result
    return {
        "model": _model_summary(stored),
        "metrics": result.summary(),
        "feature_order": list(FEATURE_KEYS),
        "features": [
            {
                "key": feature.key,
                "column": feature.column,
                "label": feature.label,
                "unit": feature.unit,
                "description": feature.description,
                "plausible": list(feature.plausible),
                "observed": [float(low), float(high)],
            }
            for feature, low, high in zip(
                FEATURES, result.observed_low, result.observed_high, strict=True
            )
        ],
        "limits": {"max_rows": MAX_ROWS, "max_body_bytes": MAX_BODY_BYTES},
    }


def openapi_document() -> dict[str, Any]:
    """OpenAPI 3.1 description of the routes, its parameters drawn from the declarations."""
    from ui.openapi import document  # the long literal lives apart from the handlers

    return document(
        wines=WINES,
        kinds=tuple(KINDS),
        default_kind=DEFAULT_KIND,
        hyperparameters={h.name: h for k in KINDS.values() for h in k.hyperparameters},
        scale_param=SCALE_PARAM,
        feature_keys=FEATURE_KEYS,
        max_rows=MAX_ROWS,
    )


@asynccontextmanager
async def warm_up(_app: object) -> AsyncIterator[None]:
    """The server's lifespan: import the ML stack and load (or train) the default model of
    each wine before the first visitor arrives, so the first visit is as quick as any."""
    await run_in_threadpool(warm_caches)
    yield


def warm_caches() -> None:
    """Fill the caches a first Predict run reads, for each wine's default model."""
    import ui.charts  # noqa: F401  (plotly and the charts the pages draw)
    from ui.cache import stored_model, wine_frame, wine_neighbours, wine_ranges

    for wine in WINES:
        try:
            stored_model(ModelSpec(wine=wine))
            wine_ranges(wine)
            wine_neighbours(wine)
            wine_frame(wine)
        except WineLabError as error:
            log.warning("Warm-up of the %s wines failed: %s", wine, error)
