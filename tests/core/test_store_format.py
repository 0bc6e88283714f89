"""The store's format follows what a stored model holds.

Behaviours checked:
- the format names every stored field, those of the dataclasses `TrainResult` holds too;
- a new field of `TrainResult` changes the format without a hand-made bump, and the same
  fields keep it;
- a model saved in an older format (the hand-set `1` of earlier versions) is retrained, its
  file never unpickled, and saved again in the current format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import joblib
import pytest

from core.models import ModelSpec
from core.store import STORE_FORMAT, ModelStore, stored_fields, stored_format
from core.train_result import TrainResult


@dataclass(frozen=True, eq=False)
class _SameFields(TrainResult):
    pass


@dataclass(frozen=True, eq=False)
class _OneMoreField(TrainResult):
    grades: tuple[int, ...] = ()


def test_format_names_nested_stored_fields() -> None:
    fields = stored_fields()
    assert "linear_weights.bias: builtins.float" in fields
    assert "test_metrics.rmse: builtins.float" in fields
    assert "spec.wine: builtins.str" in fields
    assert stored_format() == STORE_FORMAT


def test_new_train_result_field_changes_the_format_by_itself() -> None:
    assert stored_format(_SameFields) == STORE_FORMAT
    assert stored_format(_OneMoreField) != STORE_FORMAT
    assert "grades: tuple[int, ...]" in stored_fields(_OneMoreField)


def test_model_in_an_older_format_is_retrained_not_loaded(
    store: ModelStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = ModelSpec()
    model_id = store.get(spec).model_id
    path = store.metadata_path(model_id)
    path.write_text(json.dumps(json.loads(path.read_text()) | {"format": 1}))
    monkeypatch.setattr(joblib, "load", _fail_if_called)
    fresh = ModelStore(store.directory)
    stored = fresh.get(spec)
    assert (stored.source, fresh.fits) == ("trained", 1)
    assert "format" in stored.notices[0]
    assert json.loads(path.read_text())["format"] == STORE_FORMAT


def _fail_if_called(*args: object, **kwargs: object) -> None:
    raise AssertionError("a model in an older format must never be unpickled")
