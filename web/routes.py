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
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from core.conformal import INTERVAL_CONFIDENCE
from core.data import WINES
from core.errors import WineLabError
from core.features import FEATURE_KEYS, FEATURES
from core.links import SCALE_PARAM, spec_from_query
from core.memory_budget import MemoryBudgetError
from core.models import DEFAULT_KIND, KINDS, ModelSpec, get_kind
from core.scoring import INTERVAL_METHOD, rows_from_json, scored_rows
from core.store import StoredModel
from web.guide import readme_section

log = logging.getLogger(__name__)

GUIDE_PATH = "/api/guide"
GUIDE_SECTION = "The scoring endpoint"
MAX_ROWS = 1000
MAX_BODY_BYTES = 512 * 1024


class RequestError(Exception):
    """A request this API refuses, with the HTTP status that says why."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


# Every method reaches the handler, which answers those it does not serve with 405 and the
# `Allow` header (left to the router, they would fall to the page server's own routes).
_EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]


def api_routes() -> list[Route]:
    return [
        Route("/api/predict", _answer(_predict, "POST"), methods=_EVERY_METHOD),
        Route("/api/model", _answer(_model, "GET"), methods=_EVERY_METHOD),
        Route("/api/openapi.json", _answer(_openapi, "GET"), methods=_EVERY_METHOD),
        Route("/api/guide", _guide, methods=_EVERY_METHOD),
    ]


Handler = Callable[[Request], Awaitable[dict[str, Any]]]


def _answer(handler: Handler, method: str) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint serving one method (GET also answers HEAD) and OPTIONS, which says so;
    every refusal is JSON: the project's errors and ours."""
    allowed = (method, "HEAD", "OPTIONS") if method == "GET" else (method, "OPTIONS")
    allow = {"Allow": ", ".join(allowed)}

    async def endpoint(request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers=allow)
        if request.method not in allowed:
            message = f"Use {method} for {request.url.path}."
            return JSONResponse({"error": message}, status_code=405, headers=allow)
        try:
            return JSONResponse(await handler(request))
        except RequestError as error:
            return JSONResponse({"error": str(error)}, status_code=error.status)
        except WineLabError as error:
            return JSONResponse({"error": str(error)}, status_code=400)

    return endpoint


async def _predict(request: Request) -> dict[str, Any]:
    body = await _body(request)
    stored = await run_in_threadpool(_model_for, request)
    return await run_in_threadpool(predictions, stored, body)


async def _model(request: Request) -> dict[str, Any]:
    return model_description(await run_in_threadpool(_model_for, request))


async def _openapi(_request: Request) -> dict[str, Any]:
    return openapi_document()


async def _guide(request: Request) -> Response:
    """The README's section on this API, as Markdown: the page's "how to call it" link works
    wherever the app runs, and says what the repository says."""
    allow = {"Allow": "GET, HEAD, OPTIONS"}
    if request.method == "OPTIONS":
        return Response(status_code=204, headers=allow)
    if request.method not in ("GET", "HEAD"):
        message = f"Use GET for {request.url.path}."
        return JSONResponse({"error": message}, status_code=405, headers=allow)
    text = await run_in_threadpool(readme_section, GUIDE_SECTION)
    return PlainTextResponse(text, media_type="text/markdown")


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
    try:
        return stored_model(spec)
    except MemoryBudgetError as error:
        raise RequestError(str(error), status=503) from error


def predictions(stored: StoredModel, body: bytes) -> dict[str, Any]:
    """MLOpsPython's answer (`{"result": [...]}`) plus, as the CLI gives them, each wine's
    `[low, high]` interval and grades; then how the intervals are made, and the model."""
    rows = rows_from_json(body, max_rows=MAX_ROWS)  # past MAX_ROWS: 400, as the schema says
    return scored_rows(stored.result, rows) | {
        "interval_confidence": INTERVAL_CONFIDENCE,
        "interval_method": INTERVAL_METHOD,
        "model": _model_summary(stored),
    }


def _model_summary(stored: StoredModel) -> dict[str, Any]:
    spec = stored.result.spec
    return {
        "id": stored.model_id,
        "description": spec.describe(),
        "spec": spec.to_dict() | {"scale": spec.scale, "split": spec.split},
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
    from web.openapi import document  # the long literal lives apart from the handlers

    return document(
        wines=WINES,
        kinds=KINDS,
        default_kind=DEFAULT_KIND,
        scale_param=SCALE_PARAM,
        features=FEATURES,
        max_rows=MAX_ROWS,
        interval_confidence=INTERVAL_CONFIDENCE,
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
