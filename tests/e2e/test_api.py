"""The JSON routes of a really started `streamlit run app.py`.

Behaviours checked:
- a positional row (MLOpsPython's contract) is predicted as plain scikit-learn predicts it,
  with its `[low, high]` interval (the CLI's shape), grades and the model's id and description;
- named rows in any order predict the same as their positional twins;
- the query parameters choose the model as a link does (wine, kind, alpha, scale=0);
- every bad request gets its 4xx and a JSON error naming the problem, never a traceback;
- a slow kind that nobody has trained is refused, not trained;
- after all of them the server still draws the Predict page;
- `/api/model` describes the model, features in order, with units and ranges;
- `/api/openapi.json` is a valid OpenAPI document;
- the Train page's model download loads, in a script of its own, as a plain scikit-learn
  pipeline that predicts what the endpoint answers.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from openapi_spec_validator import validate
from playwright.sync_api import Browser, expect
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.data import load_wine
from core.features import FEATURE_KEYS, FEATURES
from harness.browser import VIEWPORT
from harness.server import RunningApp, streamlit_server
from tests.e2e.app_page import WineLab
from tests.splits import grouped_train_test_split

pytestmark = pytest.mark.e2e

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def api_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    with streamlit_server(tmp_path_factory.mktemp("api") / "models") as app:
        yield app


def call(
    app: RunningApp, path: str, body: bytes | None = None, method: str | None = None
) -> tuple[int, dict]:
    """The status and JSON answer; a server that answers before reading a large body (413)
    may close the connection while it is still being sent, so the answer is read anyway."""
    url = urllib.parse.urlsplit(app.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    connection.putrequest(method or ("POST" if body is not None else "GET"), path)
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(len(body or b"")))
    connection.endheaders()
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        connection.send(body or b"")
    response = connection.getresponse()
    answer = response.status, json.loads(response.read())
    connection.close()
    return answer


def post(app: RunningApp, path: str, document: object) -> tuple[int, dict]:
    return call(app, path, json.dumps(document).encode())


def uci(wine: str) -> tuple[np.ndarray, np.ndarray]:
    table = np.genfromtxt(DATA / f"winequality-{wine}.csv", delimiter=";", skip_header=1)
    return table[:, :-1], table[:, -1]


def by_hand(wine: str, *, alpha: float = 0.5, scale: bool = True):
    x, y = uci(wine)
    x_train, x_test, y_train, _ = grouped_train_test_split(x, y, load_wine(wine))
    steps = [StandardScaler()] if scale else []
    return make_pipeline(*steps, Ridge(alpha=alpha)).fit(x_train, y_train), x_test


def test_api_predicts_positional_rows_as_plain_scikit_learn(api_server: RunningApp) -> None:
    model, x_test = by_hand("red")
    status, answer = post(api_server, "/api/predict", {"data": x_test[:5].tolist()})
    assert status == 200, answer
    np.testing.assert_allclose(answer["result"], model.predict(x_test[:5]), rtol=1e-9)
    assert len(answer["interval"]) == 5
    assert all(
        low <= quality <= high
        for (low, high), quality in zip(answer["interval"], answer["result"], strict=True)
    )
    assert all(grades for grades in answer["grades"])
    assert answer["model"]["description"] == "Ridge regression, alpha=0.5"
    assert re.fullmatch(r"[0-9a-f]{20}", answer["model"]["id"])


def test_api_predicts_named_rows_in_any_order_as_their_positional_twins(
    api_server: RunningApp,
) -> None:
    model, x_test = by_hand("white", alpha=100)
    named = [
        dict(reversed(list(zip(FEATURE_KEYS, row.tolist(), strict=True)))) for row in x_test[:3]
    ]
    status, answer = post(
        api_server, "/api/predict?wine=white&model=ridge&alpha=100", {"data": named}
    )
    assert status == 200, answer
    np.testing.assert_allclose(answer["result"], model.predict(x_test[:3]), rtol=1e-9)
    assert answer["model"]["spec"]["wine"] == "white"


def test_api_fits_raw_measurements_when_scaling_is_off(api_server: RunningApp) -> None:
    model, x_test = by_hand("red", alpha=0.5, scale=False)
    status, answer = post(api_server, "/api/predict?scale=0", {"data": x_test[:4].tolist()})
    assert status == 200, answer
    np.testing.assert_allclose(answer["result"], model.predict(x_test[:4]), rtol=1e-9)
    assert answer["model"]["description"] == "Ridge regression, alpha=0.5, no scaling"


FIRST_RED = [7.4, 0.7, 0.0, 1.9, 0.076, 11.0, 34.0, 0.9978, 3.51, 0.56, 9.4]
BAD_REQUESTS = [
    ("/api/predict", b"not json", 400, "not valid JSON"),
    ("/api/predict", b'{"rows": []}', 400, '"data"'),
    ("/api/predict", json.dumps({"data": [FIRST_RED[:10]]}).encode(), 400, "11 are needed"),
    ("/api/predict", json.dumps({"data": [[*FIRST_RED[:10], "9.4"]]}).encode(), 400, "number"),
    ("/api/predict", b'{"data": [[7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, NaN]]}',
     400, "not a number a wine can have"),
    ("/api/predict", b'{"data": [[7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 1e999]]}',
     400, "finite"),
    ("/api/predict", json.dumps({"data": [[*FIRST_RED[:10], 94.0]]}).encode(), 400, "plausible"),
    ("/api/predict", json.dumps({"data": [FIRST_RED] * 1001}).encode(), 400, "at most 1000"),
    ("/api/predict", b'{"data": [' + b"1" * 600_000 + b"]}", 413, "larger than"),
    ("/api/predict?model=forest", json.dumps({"data": [FIRST_RED]}).encode(), 400,
     "Unknown model kind"),
    ("/api/predict?wine=rose", json.dumps({"data": [FIRST_RED]}).encode(), 400, "Unknown wine"),
    ("/api/predict?alpha=1e9", json.dumps({"data": [FIRST_RED]}).encode(), 400, "alpha must lie"),
    ("/api/predict?alhpa=1", json.dumps({"data": [FIRST_RED]}).encode(), 400, "alhpa"),
    ("/api/predict?model=random_forest", json.dumps({"data": [FIRST_RED]}).encode(), 409,
     "not trained yet"),
    ("/api/predict", None, 405, "Use POST"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "body", "status", "match"), BAD_REQUESTS, ids=[row[3] for row in BAD_REQUESTS]
)
def test_api_refuses_a_bad_request_with_a_json_error(
    api_server: RunningApp, path: str, body: bytes | None, status: int, match: str
) -> None:
    got, answer = call(api_server, path, body)
    assert got == status, answer
    assert set(answer) == {"error"}
    assert match in answer["error"]
    assert "Traceback" not in answer["error"]


def test_server_still_draws_predict_after_the_bad_requests(
    api_server: RunningApp, browser: Browser
) -> None:
    for path, body, _, _ in BAD_REQUESTS:
        call(api_server, path, body)
    context = browser.new_context(viewport=VIEWPORT)
    lab = WineLab(context.new_page(), api_server.url).open()
    expect(lab.predicted_quality()).to_have_text(re.compile(r"^\d+\.\d\d$"))
    expect(lab.exceptions()).to_have_count(0)
    context.close()


def test_api_model_describes_features_in_order_with_units_and_ranges(
    api_server: RunningApp,
) -> None:
    x, _ = uci("white")
    status, answer = call(api_server, "/api/model?wine=white")
    assert status == 200, answer
    assert answer["feature_order"] == list(FEATURE_KEYS)
    assert [f["unit"] for f in answer["features"]] == [f.unit for f in FEATURES]
    observed = np.array([f["observed"] for f in answer["features"]])
    np.testing.assert_allclose(observed[:, 0], x.min(axis=0))
    np.testing.assert_allclose(observed[:, 1], x.max(axis=0))
    assert answer["model"]["spec"]["wine"] == "white"
    assert answer["metrics"]["test_metrics"]["rmse"] > 0


def test_openapi_document_is_valid(api_server: RunningApp) -> None:
    status, document = call(api_server, "/api/openapi.json")
    assert status == 200
    validate(document)
    assert {"/api/predict", "/api/model"} <= set(document["paths"])


def test_downloaded_model_predicts_in_a_script_what_the_endpoint_answers(
    api_server: RunningApp, browser: Browser, tmp_path: Path
) -> None:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    page.goto(api_server.url + "/train?wine=red&model=ridge&alpha=2")
    expect(page.locator('[data-testid="alpha-panel"][data-state="python"]')).to_be_visible()
    page.get_by_text("Use this model outside the app").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download model (joblib)").click()
    download.value.save_as(tmp_path / "model.joblib")
    context.close()
    script = f"import joblib; print(joblib.load('model.joblib').predict([{FIRST_RED}])[0])"
    completed = subprocess.run(
        [sys.executable, "-I", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    _, answer = post(api_server, "/api/predict?alpha=2", {"data": [FIRST_RED]})
    assert float(completed.stdout) == pytest.approx(answer["result"][0], rel=1e-9)
