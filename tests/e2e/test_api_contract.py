"""The JSON API keeps the contract its own OpenAPI document states, checked by schemathesis.

Requests are generated from `/api/openapi.json` of a really started `streamlit run app.py`
(schemathesis's examples and fuzzing phases, valid and invalid requests alike) and every
answer goes through schemathesis's default checks: no server error, the documented status
codes, content type, headers and response schema, valid requests accepted, invalid ones
refused. Its coverage phase (every parameter's edges, unlisted methods) asks for some six
hundred distinct models, each trained on the server: minutes, so it runs by hand
(`schemathesis run <app>/api/openapi.json`, README), and its method checks are written out
below.

Behaviours checked beside it, by hand:
- `OPTIONS` says which method each route serves, and another method gets 405 with `Allow`;
- `GET /api/guide` is the README's section on the API;
- `scale` takes exactly the documented "0" and "1";
- each kind takes its own hyperparameters only, as the document's variants say;
- a wine keyed by the UCI column names is predicted like its positional twin;
- the interval of each wine is one `[low, high]` pair, the CLI's shape.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from core.features import FEATURES
from harness.server import RunningApp, streamlit_server
from tests.e2e.test_api import FIRST_RED, post

pytestmark = pytest.mark.e2e

# Each new model setting in a request trains a model on the server: a few per route keep the
# test to about a minute.
FUZZED_PER_ROUTE = 20


@pytest.fixture(scope="module")
def contract_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    with streamlit_server(tmp_path_factory.mktemp("contract") / "models") as app:
        yield app


@pytest.fixture(scope="module")
def api_schema(contract_server: RunningApp):
    config = SchemathesisConfig()
    config.projects.default.phases.coverage.enabled = False
    return schemathesis.openapi.from_url(f"{contract_server.url}/api/openapi.json", config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=FUZZED_PER_ROUTE,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_generated_request_gets_the_answer_the_document_promises(case) -> None:
    case.call_and_validate()


def _raw(app: RunningApp, method: str, path: str) -> http.client.HTTPResponse:
    url = urllib.parse.urlsplit(app.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    connection.request(method, path)
    return connection.getresponse()


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/api/predict", "POST, OPTIONS"),
        ("/api/model", "GET, HEAD, OPTIONS"),
        ("/api/guide", "GET, HEAD, OPTIONS"),
    ],
)
def test_options_says_which_method_each_route_serves(
    contract_server: RunningApp, path: str, allow: str
) -> None:
    response = _raw(contract_server, "OPTIONS", path)
    assert (response.status, response.getheader("Allow")) == (204, allow)
    refused = _raw(contract_server, "PUT", path)
    assert (refused.status, refused.getheader("Allow")) == (405, allow)
    assert "Use " in json.loads(refused.read())["error"]


def test_the_guide_is_the_readmes_section_on_the_api(contract_server: RunningApp) -> None:
    response = _raw(contract_server, "GET", "/api/guide")
    text = response.read().decode()
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/markdown")
    assert text.startswith("### The scoring endpoint\n")
    assert "fixed acidity" in text
    assert "### The tutorials' own recipes" not in text


@pytest.mark.parametrize(
    ("query", "match"),
    [
        ("scale=true", "scale must be 0 or 1, not 'true'"),
        ("model=random_forest&alpha=1", "Unknown parameter 'alpha' for Random forest"),
        ("model=ridge&C=1", "Unknown parameter 'C' for Ridge regression"),
        ("model=random_forest&scale=1", "Unknown parameter 'scale' for Random forest"),
    ],
)
def test_the_server_refuses_what_the_document_does_not_offer(
    contract_server: RunningApp, query: str, match: str
) -> None:
    status, answer = post(contract_server, f"/api/predict?{query}", {"data": [FIRST_RED]})
    assert status == 400, answer
    assert match in answer["error"]


def test_a_wine_keyed_by_uci_columns_is_predicted_like_its_positional_twin(
    contract_server: RunningApp,
) -> None:
    named = {feature.column: value for feature, value in zip(FEATURES, FIRST_RED, strict=True)}
    assert {"fixed acidity", "pH"} <= set(named)
    status, by_column = post(contract_server, "/api/predict", {"data": [named]})
    assert status == 200, by_column
    _, positional = post(contract_server, "/api/predict", {"data": [FIRST_RED]})
    assert by_column["result"] == positional["result"]
    (pair,) = by_column["interval"]
    low, high = pair
    assert low < by_column["result"][0] < high
    assert by_column["interval_confidence"] == 0.9
