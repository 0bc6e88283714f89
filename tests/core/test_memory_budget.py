"""The memory budget: what the server keeps for everyone, bounded by measured size.

Behaviours checked (sizes are faked, in bytes, so the arithmetic is visible):
- values stay while they fit; the least recently used leave first, and a lookup or a new
  put makes a value the most recently used;
- a cached function computes again after its value was evicted (a model is reloaded);
- two callers asking for one key at once compute it once;
- a value larger than the room the budget can make is refused with the sizes in the error,
  and nothing already kept is evicted for it;
- `check_room` refuses before anything is computed;
- a reservation (a value kept elsewhere, e.g. in a session) counts against the limit,
  evicts shared values to make room, is refused when it cannot fit, and ends when the value
  is garbage collected or released;
- work in progress held for a block (a training) makes room first, counts while the block
  runs, ends with it (also when it fails), and is refused before the block when it cannot fit;
- `make_room` evicts before a value arrives, so a full budget never holds old and new at once;
- a slow kind's training estimate holds what a fitted forest, boosting or SVR of the given
  settings really takes (measured on plain scikit-learn fits), and a fast kind's is small;
- `measured_size` of numpy arrays is their bytes (to within pickle's few bytes of framing);
- a model store that cannot write keeps models in memory inside the budget: the least
  recently used is evicted, and retrained when asked for again.
"""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from core.data import load_wine
from core.memory_budget import MB, MemoryBudget, MemoryBudgetError, measured_size
from core.models import SMALL_TRAINING_BYTES, ModelSpec, training_bytes
from core.store import ModelStore
from core.train import build_pipeline, spec_split


class Blob:
    """A value whose size the fake measure reads from it."""

    def __init__(self, name: str, size: int) -> None:
        self.name, self.size = name, size


def fake_budget(limit: int) -> MemoryBudget:
    return MemoryBudget(limit, measure=lambda value: value.size)


def kept(budget: MemoryBudget) -> list[object]:
    return [entry.key for entry in budget.entries()]


def test_least_recently_used_values_leave_first() -> None:
    budget = fake_budget(100)
    budget.put("a", Blob("a", 40))
    budget.put("b", Blob("b", 40))
    assert budget.lookup("a")[0]  # a is now the most recently used
    budget.put("c", Blob("c", 40))
    assert kept(budget) == ["a", "c"]
    assert budget.shared_bytes == 80
    budget.put("d", Blob("d", 70))
    assert kept(budget) == ["d"]
    assert budget.evictions == 3


def test_a_value_put_again_is_measured_once_and_moves_to_the_end() -> None:
    budget = fake_budget(100)
    budget.put("a", Blob("a", 30))
    budget.put("b", Blob("b", 30))
    budget.put("a", Blob("a", 50))
    assert [(e.key, e.size) for e in budget.entries()] == [("b", 30), ("a", 50)]


def test_a_cached_function_computes_again_after_its_value_left() -> None:
    budget = fake_budget(100)
    calls: list[str] = []

    @budget.cached("model")
    def load(name: str) -> Blob:
        calls.append(name)
        return Blob(name, 60)

    first = load("forest")
    assert load("forest") is first
    load("other")  # 60 + 60 > 100: the forest leaves
    again = load("forest")
    assert calls == ["forest", "other", "forest"]
    assert again is not first


def test_two_callers_asking_for_one_key_compute_it_once() -> None:
    budget = fake_budget(100)
    calls: list[int] = []

    def slow() -> Blob:
        calls.append(1)
        time.sleep(0.2)
        return Blob("x", 10)

    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(budget.get_or_compute("x", slow)))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert results[0] is results[1]


def test_a_value_larger_than_the_budget_is_refused_and_nothing_is_evicted() -> None:
    budget = fake_budget(100 * MB)
    budget.put("small", Blob("small", 10 * MB))
    with pytest.raises(MemoryBudgetError, match="needs 120 MB, and 100 MB of the 100 MB") as info:
        budget.put("huge", Blob("huge", 120 * MB))
    assert (info.value.size, info.value.room, info.value.limit) == (120 * MB, 100 * MB, 100 * MB)
    assert kept(budget) == ["small"]


def test_check_room_refuses_before_anything_is_computed() -> None:
    budget = fake_budget(100)
    budget.check_room(100)
    with pytest.raises(MemoryBudgetError):
        budget.check_room(101)


def test_a_reservation_counts_evicts_and_ends_with_the_value() -> None:
    budget = fake_budget(100)
    budget.put("a", Blob("a", 50))
    budget.put("b", Blob("b", 30))
    private = Blob("session model", 40)
    assert budget.reserve(private) == 40
    assert kept(budget) == ["b"]  # a left to make room for the reservation
    assert (budget.reserved_bytes, budget.used_bytes) == (40, 70)
    with pytest.raises(MemoryBudgetError) as info:
        budget.put("c", Blob("c", 70))  # only 60 can ever be free while the session holds 40
    assert info.value.room == 60
    del private
    gc.collect()
    assert budget.reserved_bytes == 0
    budget.put("c", Blob("c", 70))


def test_a_reservation_that_cannot_fit_is_refused_and_release_ends_one() -> None:
    budget = fake_budget(100)
    first = Blob("one", 80)
    budget.reserve(first)
    with pytest.raises(MemoryBudgetError):
        budget.reserve(Blob("two", 30))
    budget.release(first)
    assert budget.reserved_bytes == 0


def test_work_held_for_a_block_makes_room_first_and_ends_with_the_block() -> None:
    budget = fake_budget(100)
    budget.put("a", Blob("a", 40))
    budget.put("b", Blob("b", 40))
    with budget.holding(50):
        assert kept(budget) == ["b"]  # a left before the work began
        assert budget.used_bytes == 90
        with pytest.raises(MemoryBudgetError):
            budget.put("c", Blob("c", 60))
    assert budget.reserved_bytes == 0
    with pytest.raises(RuntimeError), budget.holding(50):
        raise RuntimeError("the training failed")
    assert budget.reserved_bytes == 0


def test_work_that_cannot_fit_is_refused_before_the_block_runs() -> None:
    budget = fake_budget(100)
    budget.put("a", Blob("a", 40))
    ran = []
    with pytest.raises(MemoryBudgetError, match="needs"), budget.holding(101):
        ran.append(True)
    assert ran == []
    assert kept(budget) == ["a"]


def test_make_room_evicts_before_the_value_arrives() -> None:
    budget = fake_budget(100)
    budget.put("a", Blob("a", 40))
    budget.put("b", Blob("b", 40))
    budget.make_room(30)
    assert kept(budget) == ["b"]
    with pytest.raises(MemoryBudgetError):
        budget.make_room(101)


@pytest.mark.parametrize(
    ("wine", "kind", "settings"),
    [
        ("red", "random_forest", {"n_estimators": 15, "max_depth": 8}),
        ("red", "random_forest", {"n_estimators": 20, "max_depth": 40}),
        ("red", "hist_gradient_boosting", {"max_iter": 30}),
        ("red", "svr", {"C": 3.0}),
    ],
)
def test_a_training_estimate_holds_the_fitted_model_twice(
    wine: str, kind: str, settings: dict[str, float]
) -> None:
    """Check that the estimate covers the fitted model and a fold's twin (plain scikit-learn
    on the same training rows), plus at most the few MB a fit works in on the red wines (the
    SVR's kernel cache, the boosting's histograms), so the budget is not held for nothing."""
    spec = ModelSpec.create(wine, kind, **settings)
    frame = load_wine(wine)
    x_train, _, y_train, _ = spec_split(spec, frame)
    fitted = build_pipeline(spec).fit(x_train, y_train)
    size = measured_size(fitted)
    estimate = training_bytes(spec, len(frame))
    assert 2 * size <= estimate <= 2 * size + 8 * MB


def test_a_fast_kind_holds_a_small_allowance() -> None:
    assert training_bytes(ModelSpec(wine="white"), 4898) == SMALL_TRAINING_BYTES


@pytest.mark.parametrize("shape", [(1000,), (500, 11), (3, 4, 5)])
def test_measured_size_of_arrays_is_their_bytes(shape: tuple[int, ...]) -> None:
    array = np.zeros(shape)
    assert array.nbytes <= measured_size(array) <= array.nbytes + 512


def test_a_store_that_cannot_write_keeps_models_inside_the_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    budget = MemoryBudget(100, measure=lambda value: 60)  # one model at a time
    store = ModelStore(folder, budget=budget)
    monkeypatch.setattr("core.store._atomic_write", _refuse_to_write)
    first, second = ModelSpec(), _other_spec()
    assert store.get(first).source == "trained"
    assert store.get(first).source == "memory"
    assert store.get(second).source == "trained"  # the first left the budget
    assert store.get(first).source == "trained"
    assert store.fits == 3


def _other_spec() -> ModelSpec:
    return ModelSpec.create("red", "ridge", alpha=2.0)


def _refuse_to_write(path: Path, write: object) -> str:
    raise PermissionError(13, "read-only", str(path))
