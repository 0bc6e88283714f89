"""The report's buttons on the pages, and the model card's.

Behaviours checked:
- Train shows "Download the report" beside "Use this model for predictions", and the zip with
  the model card inside "Use this model outside the app";
- Predict shows "Download the report on this wine" for the wine on the sliders;
- the report a click on Train gives is the model on screen, in the page's language;
- with the session's own model in use, Predict's report is that model's: the prediction on
  the page, its held-out wines, the upload's checksum, and no link to the shared model;
- Train offers the report on the model trained on the winery's wines beside the comparison,
  with the comparison's numbers (the held-out wines, both models' error on them), in the
  page's language.
"""

from __future__ import annotations

import pytest

from core.data import load_wine
from core.models import ModelSpec
from core.report import model_report
from core.store import ModelStore
from tests.app.conftest import open_app
from tests.app.test_own_wines import _trained
from tests.core.test_report import _parse
from ui.report_ui import model_report_html


def _download_labels(at) -> list[str]:
    return [element.proto.label for element in at.get("download_button")]


def test_train_page_offers_the_report_and_the_model_card() -> None:
    at = open_app("train")
    assert not at.exception
    labels = _download_labels(at)
    assert "Download the report" in labels
    assert "Download the model with its model card (zip)" in labels


def test_predict_page_offers_the_report_of_this_wine() -> None:
    at = open_app()
    assert not at.exception
    assert "Download the report on this wine" in _download_labels(at)


def test_train_report_is_the_model_on_screen_in_the_pages_language(tmp_path) -> None:
    """Check the HTML the button's callable makes: the default Ridge, in French."""
    spec = ModelSpec.create("red")
    page = _parse(model_report_html(spec, "fr", None))
    assert page.lang == "fr"
    stored = ModelStore(tmp_path).get(spec)
    facts = model_report(stored, load_wine("red")).accuracy
    assert page.numbers["exact_share"][0] == facts.exact


def test_predict_report_describes_the_private_model_in_use(monkeypatch) -> None:
    """Check the file Predict's button makes once the model trained on the fixture is in use:
    the button's own callable is called, as a click would."""
    import hashlib

    import streamlit as st

    from harness.apptest import panel_data
    from tests.app.test_own_wines import OWN
    from ui.session_keys import OWN_SHELF

    made: dict[str, object] = {}
    original = st.download_button

    def recording(label, data=None, file_name=None, **options):
        made[options.get("key")] = (data, file_name)
        return original(label, data, file_name, **options)

    at = _trained(open_app("train"))
    at.button(key="own_use").click().run()
    monkeypatch.setattr(st, "download_button", recording)
    at.switch_page("pages/predict.py").run()
    assert not at.exception, at.exception
    private = at.session_state[OWN_SHELF].models[at.session_state[OWN_SHELF].in_use]
    data, name = made["download_wine_report"]
    assert "own-model" in name
    page = _parse(data())
    assert page.numbers["prediction"][0] == pytest.approx(panel_data(at)["prediction"]["quality"])
    assert page.numbers["test_rows"][0] == private.comparison.new.wines
    assert page.numbers["shared_mae"][0] == private.comparison.current.mae
    html = data()
    assert hashlib.sha256(OWN.read_bytes()).hexdigest() in html
    assert "?wine=" not in html


def test_train_offers_the_own_models_report_beside_the_comparison(monkeypatch) -> None:
    """Check the button under the comparison and the file its callable makes, in French."""
    import hashlib

    import streamlit as st

    from tests.app.test_own_wines import OWN
    from ui.session_keys import OWN_SHELF

    made: dict[str, object] = {}
    original = st.download_button

    def recording(label, data=None, file_name=None, **options):
        made[options.get("key")] = (label, data, file_name)
        return original(label, data, file_name, **options)

    monkeypatch.setattr(st, "download_button", recording)
    at = _trained(open_app("train", lang="fr"))
    shelf = at.session_state[OWN_SHELF]
    (private,) = shelf.models.values()
    label, data, name = made["download_own_report"]
    assert label == "Télécharger le rapport sur ce modèle"
    assert name == "wine-red-ridge-own-model-report.html"
    html = data()
    page = _parse(html)
    assert page.lang == "fr"
    comparison = private.comparison
    assert page.numbers["test_rows"][0] == comparison.new.wines
    assert page.numbers["own_mae"][0] == pytest.approx(comparison.new.mae)
    assert page.numbers["shared_mae"][0] == pytest.approx(comparison.current.mae)
    assert hashlib.sha256(OWN.read_bytes()).hexdigest() in html
    assert "?wine=" not in html
