"""Results kept beside the model store (validation curves, evaluations).

Behaviours checked:
- a kept result reads back as written, under the key of what decided it;
- another key, a missing file or a torn file reads as absent, never as an error;
- an unwritable folder is reported by `save` returning False, and nothing is lost;
- a validation curve and an evaluation survive their JSON round trip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.evaluate import Evaluation, evaluate
from core.kept import KeptResults
from core.models import ModelSpec
from core.train import ValidationCurve, compute_validation_curve


def test_kept_result_reads_back_under_its_key(tmp_path: Path) -> None:
    kept = KeptResults(tmp_path)
    key = KeptResults.key("model-id", "alpha", 20, 5)
    assert kept.save("validation_curve", key, {"values": [1.0, 2.0]})
    assert kept.load("validation_curve", key) == {"values": [1.0, 2.0]}
    assert kept.load("validation_curve", KeptResults.key("model-id", "alpha", 20, 3)) is None
    assert kept.load("evaluation", key) is None


def test_torn_file_reads_as_absent(tmp_path: Path) -> None:
    kept = KeptResults(tmp_path)
    key = KeptResults.key("torn")
    kept.save("evaluation", key, {"evaluations": []})
    kept.path("evaluation", key).write_text('{"evaluations": [', encoding="utf-8")
    assert kept.load("evaluation", key) is None


def test_unwritable_folder_is_reported_not_raised(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert KeptResults(blocked).save("evaluation", "k", {}) is False


def test_unknown_table_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Unknown table"):
        KeptResults(tmp_path).path("models", "k")


def test_curve_and_evaluation_survive_their_json_round_trip(red) -> None:
    curve = compute_validation_curve(ModelSpec(), red, "alpha", (0.5, 50.0), folds=2, n_jobs=1)
    assert ValidationCurve.from_dict(curve.to_dict()) == curve
    result = evaluate(ModelSpec(), red, "leak_free", folds=2, repeats=1, n_jobs=1)
    assert Evaluation.from_dict(result.to_dict()).mad == result.mad
