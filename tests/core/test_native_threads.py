"""Each xdist worker gets its share of the cores for native thread pools, never none."""

from __future__ import annotations

import pytest

from tests.native_threads import threads_per_worker


@pytest.mark.parametrize(
    ("cores", "workers", "threads"), [(2, 2, 1), (8, 2, 4), (2, 4, 1), (1, 1, 1), (4, 0, 4)]
)
def test_workers_share_the_cores(cores: int, workers: int, threads: int) -> None:
    assert threads_per_worker(cores, workers) == threads
