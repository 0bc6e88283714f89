"""Train's "Your own wines" section, and what it keeps private, in AppTest sessions.

Behaviours checked:
- uploading the fixture says how many wines were read, lists the bad rows by line, counts the
  repeats, says the biggest difference in a sentence, and scores the model in use on them with
  the numbers `core` gives for that model and those wines;
- a file with too few usable wines is refused with the reason, and nothing of it is kept;
- a file without a column is refused naming it as in the UCI files ("pH", not the key "ph"),
  in the reader's language;
- the wines stay when Train is drawn again after another page (its uploader starts empty),
  said so; taking the file away removes them;
- the section stays open while a second file replaces the first (the uploader's run without a
  file in between closed it in the browser) and when Train is drawn again with wines held;
- a file of 60 wines is accepted with what it can do (compare, score) and cannot (train with
  20% held out), the held-out share that would let it train, and no Train button to press
  until that share is set; then it trains;
- training on them shows both models on the same held-out wines, the shared one named as such
  (not "model in use", which the private one becomes); the better one can be put in use, and
  Predict then scores with it (its number is the private model's, not the shared one's);
- a model that is not better gets a warning and no "Use" button;
- a second session sees none of the first's wines or models: not in its state, not on its
  pages, not through the first session's link, not in the shared model store;
- an hour without use removes a session's wines and models, and Predict goes back to the
  shared model;
- the session's wines and models are reserved in the process's one memory budget, and the
  reservation ends once the session lets them go.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.data import load_wine
from core.drift import biggest, compare
from core.features import FEATURE_KEYS
from core.labelled_upload import read_labelled
from core.models import ModelSpec
from core.own_model import score_model
from core.scoring import predict_one
from core.store import ModelStore
from harness.apptest import panel_data, release_alpha
from i18n import decimal, percent
from tests.app.conftest import open_app
from tests.conftest import FIXTURES
from ui import private_models
from ui.cache import memory_budget
from ui.private_models import IDLE_SECONDS
from ui.session_keys import OWN_SHELF

OWN = FIXTURES / "own_red_alcohol_plus_one.csv"


def _upload(at: AppTest, content: bytes | None = None, name: str = OWN.name) -> AppTest:
    content = OWN.read_bytes() if content is None else content
    at.file_uploader(key="own_upload").set_value((name, content, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> list[str]:
    kinds = ("markdown", "success", "warning", "info", "error", "caption")
    return [element.value for kind in kinds for element in at.get(kind)]


def _trained(at: AppTest) -> AppTest:
    _upload(at)
    at.button(key="own_train").click().run()
    assert not at.exception, at.exception
    return at


def _metric(at: AppTest, label: str) -> str:
    return next(metric.value for metric in at.metric if metric.label == label)


def _shared_model():
    return ModelStore().get(ModelSpec()).result


def test_upload_reports_lines_repeats_difference_and_the_model_in_use() -> None:
    """Check what a winemaker reads right after uploading the fixture."""
    at = _upload(open_app("train"))
    wines = read_labelled(OWN.read_bytes(), OWN.name)
    texts = _texts(at)
    assert f"405 wines read from {OWN.name}." in texts
    bad = next(frame.value for frame in at.dataframe if "Line" in frame.value.columns)
    assert bad["Line"].tolist() == [5, 40, 120, 200, 300]
    assert any(text.startswith("5 wines repeat the eleven measurements") for text in texts)
    (alcohol,) = biggest(compare(wines.frame, load_wine("red")))
    sentence = f"more alcohol than {percent(alcohol.share)} of the UCI red wines"
    assert any(sentence in text for text in texts)
    score = score_model(_shared_model(), wines.frame)
    assert _metric(at, "RMSE") == decimal(score.rmse, 3)
    assert _metric(at, "90% interval held") == percent(score.interval_held)


def test_too_few_usable_wines_are_refused_and_nothing_kept() -> None:
    """Check that a file of 37 usable wines is refused with the reason and leaves no trace."""
    short = "\n".join(OWN.read_text().splitlines()[:40]).encode()
    at = _upload(open_app("train"), short, "short.csv")
    assert any("Only 37 usable wines" in error.value for error in at.error)
    assert at.session_state[OWN_SHELF].wines is None
    assert not any(button.key == "own_train" for button in at.button)


def test_a_missing_column_is_named_as_in_the_uci_files_in_the_readers_language() -> None:
    """Check the refusal of a file whose `pH` column is misnamed, in French."""
    lines = OWN.read_text().splitlines()
    header = lines[0].replace('"pH"', '"ph value"').replace("pH", "ph value")
    wrong = "\n".join([header, *lines[1:]]).encode()
    at = _upload(open_app("train", lang="fr"), wrong, "wrong.csv")
    (error,) = (e.value for e in at.error)
    assert "wrong.csv : colonne(s) manquante(s) : pH." in error, error
    assert at.session_state[OWN_SHELF].wines is None


def test_wines_stay_when_train_is_drawn_again_and_go_with_the_file() -> None:
    """Check a visit to Predict and back: the uploader is empty again, the wines are not."""
    at = _upload(open_app("train"))
    wines = at.session_state[OWN_SHELF].wines
    at.switch_page("pages/predict.py").run()
    at.switch_page("pages/train.py").run()
    assert not at.exception, at.exception
    assert at.session_state[OWN_SHELF].wines is wines
    texts = _texts(at)
    assert any(t.startswith(f"Your wines from {OWN.name}, uploaded earlier") for t in texts)
    assert f"405 wines read from {OWN.name}." in texts
    assert not at.button(key="own_train").disabled
    at.file_uploader(key="own_upload").set_value((OWN.name, OWN.read_bytes(), "text/csv")).run()
    at.file_uploader(key="own_upload").set_value(None).run()
    assert at.session_state[OWN_SHELF].wines is None
    assert not any("uploaded earlier" in t for t in _texts(at))


def _section_open(at: AppTest) -> bool:
    (section,) = (e for e in at.expander if e.label.startswith("Your own wines"))
    return section.proto.expanded


def test_the_section_stays_open_while_a_second_file_replaces_the_first() -> None:
    """Check the section's `expanded` through the run without a file that a replacement
    makes, a refused file, and on drawing Train again (it followed the upload, and flipped)."""
    at = open_app("train")
    assert not _section_open(at)
    _upload(at)
    assert _section_open(at)
    at.file_uploader(key="own_upload").set_value(None).run()
    assert _section_open(at)
    short = "\n".join(OWN.read_text().splitlines()[:40]).encode()
    _upload(at, short, "short.csv")
    assert _section_open(at)
    _upload(at)
    at.switch_page("pages/predict.py").run()
    at.switch_page("pages/train.py").run()
    assert not at.exception, at.exception
    assert _section_open(at)


def test_sixty_wines_say_what_they_can_do_and_train_once_the_share_allows() -> None:
    """Check that a 60-wine file is not refused later at training: the upload says so first."""
    red = load_wine("red").drop_duplicates(subset=list(FEATURE_KEYS)).head(60)
    at = _upload(open_app("train"), red.to_csv(index=False).encode(), "sixty.csv")
    (warning,) = (w.value for w in at.warning if "60 different wines" in w.value)
    assert "with 20% held out, which needs 71" in warning
    assert "set the held-out share above to 25% or more" in warning
    assert at.button(key="own_train").disabled
    at.slider(key="test_size").set_value(0.25).run()
    assert not any("60 different wines" in w.value for w in at.warning)
    at.button(key="own_train").click().run()
    assert not at.exception, at.exception
    assert not at.error
    assert any("On 15 of your wines held out" in text for text in _texts(at))


def test_better_model_goes_in_use_and_predict_scores_with_it() -> None:
    """Check the comparison, the Use button, and Predict's number from the private model."""
    at = _trained(open_app("train"))
    assert any(text.startswith("Better on your held-out wines") for text in _texts(at))
    shared = "Shared model (UCI wines)"
    (table,) = (table.value for table in at.table if shared in table.value.columns)
    assert table.shape == (5, 2)
    assert "Does the shared model work for your wines?" in [h.value for h in at.header]
    at.button(key="own_use").click().run()
    private = at.session_state[OWN_SHELF].models[at.session_state[OWN_SHELF].in_use]
    at.switch_page("pages/predict.py").run()
    assert not at.exception, at.exception
    payload = panel_data(at)
    features = payload["values"]
    expected = predict_one(private.stored.result, features).quality
    shared = predict_one(_shared_model(), features).quality
    assert payload["prediction"]["quality"] == pytest.approx(expected)
    assert abs(expected - shared) > 0.05
    assert any("trained on your wines" in caption.value for caption in at.caption)


def test_model_that_is_not_better_gets_a_warning_and_no_use_button() -> None:
    """Check that a near-constant ridge (alpha 100,000) is not offered for predictions."""
    at = release_alpha(open_app("train"), alpha=100000.0)
    _trained(at)
    assert any(text.startswith("Not better on your held-out wines") for text in _texts(at))
    assert not any(button.key == "own_use" for button in at.button)


def test_second_session_cannot_see_or_open_the_first_sessions_wines_or_models() -> None:
    """Check that nothing of one session's upload or models reaches another session."""
    first = _trained(open_app("train"))
    first.button(key="own_use").click().run()
    shelf = first.session_state[OWN_SHELF]
    model_id = shelf.in_use
    link = {key: first.query_params[key] for key in first.query_params}
    assert not any(model_id in str(value) for value in link.values())
    second = open_app("train", **{k: v[0] if isinstance(v, list) else v for k, v in link.items()})
    mine = second.session_state[OWN_SHELF]
    assert mine is not shelf
    assert mine.wines is None
    assert not mine.models
    assert not any(OWN.name in text or model_id in text for text in _texts(second))
    second.switch_page("pages/predict.py").run()
    payload = panel_data(second)
    shared = predict_one(_shared_model(), payload["values"]).quality
    assert payload["prediction"]["quality"] == pytest.approx(shared)
    store = ModelStore()
    assert store.stored_ids()  # the shared models are there,
    assert model_id not in store.stored_ids()  # the private one is not
    assert not any(model_id in path.name for path in Path(store.directory).rglob("*"))


def test_an_hour_without_use_removes_the_wines_and_the_model_in_use() -> None:
    """Check that an idle shelf is cleared, said once, and Predict goes back to the shared model."""
    at = _trained(open_app("train"))
    at.button(key="own_use").click().run()
    shelf = at.session_state[OWN_SHELF]
    shelf.touched -= IDLE_SECONDS + 1
    at.file_uploader(key="own_upload").set_value(None).run()
    assert any("removed after an hour without use" in info.value for info in at.info)
    assert shelf.wines is None
    assert not shelf.models
    assert shelf.in_use is None
    at.switch_page("pages/predict.py").run()
    payload = panel_data(at)
    shared = predict_one(_shared_model(), payload["values"]).quality
    assert payload["prediction"]["quality"] == pytest.approx(shared)


def test_the_sessions_wines_and_models_count_in_the_memory_budget() -> None:
    """Check that an upload and a model are reserved in the process's one budget, and that
    the reservation ends when the session lets them go."""
    budget = memory_budget()
    gc.collect()  # earlier tests' sessions gone, with their reservations
    before = budget.reserved_bytes
    at = _upload(open_app("train"))
    shelf = at.session_state[OWN_SHELF]
    assert budget.reserved_bytes - before == shelf.wines_bytes > 0
    at.button(key="own_train").click().run()
    (private,) = shelf.models.values()
    held = shelf.wines_bytes + private.nbytes
    assert budget.reserved_bytes - before == held
    assert private_models.memory_bytes() >= held
    del private
    gc.collect()
    kept = budget.reserved_bytes
    shelf.clear()
    gc.collect()
    assert kept - budget.reserved_bytes == held
