"""`python -m core`: train, score, evaluate, benchmark and validation curves from the command line.

Flags for hyperparameters are generated from the model kinds' declarations. Every error
exits with status 2 and one line on stderr. `evaluate`, `benchmark` and `curve` take
`--dask ADDRESS` to run their fits on a Dask cluster (see core/cluster.py); their output says
where they ran.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, NoReturn, TextIO

from core.cluster import local_info, on_dask
from core.coverage import COVERAGE_PATH, COVERAGE_REPEATS, compute_coverage, write_coverage
from core.data import DATA_DIR, DEFAULT_WINE, WINES, load_wine
from core.errors import SpecError, WineLabError
from core.evaluate import FOLD_MODES, PAPER_FOLDS, PAPER_REPEATS, evaluate
from core.export import FORMATS, format_of, write_export
from core.models import DEFAULT_KIND, KINDS, SCALING_HELP, SEED, TEST_SIZE, ModelSpec
from core.paper import BENCHMARK_PATH, compute_benchmark, write_benchmark
from core.scoring import score_json
from core.store import ModelStore, StoredModel
from core.train import compute_validation_curve, parameter_grid

PROGRAM = "python -m core"


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line, with exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROGRAM}: error: {message}\n")


def _hyperparameter_flags() -> dict[str, type]:
    flags: dict[str, type] = {}
    for kind in KINDS.values():
        for hyperparameter in kind.hyperparameters:
            flags.setdefault(hyperparameter.name, hyperparameter.type)
    return flags


def _add_model_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wine", choices=WINES, default=DEFAULT_WINE, help=f"wine set (default: {DEFAULT_WINE})"
    )
    parser.add_argument("--model", choices=list(KINDS), default=DEFAULT_KIND, help="model kind")
    parser.add_argument(
        "--test-size", type=float, default=TEST_SIZE.default, help=TEST_SIZE.help.lower()
    )
    parser.add_argument("--seed", type=int, default=SEED.default, help="random seed of the split")
    parser.add_argument(
        "--scale",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"linear kinds: {SCALING_HELP.split('.')[0].lower()} (default: on)",
    )
    parser.add_argument("--models-dir", help="model store folder (default: $WINE_LAB_MODELS_DIR)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DATA_DIR,
        help="folder with winequality-red.csv and winequality-white.csv (default: shipped data)",
    )
    group = parser.add_argument_group("hyperparameters (each applies to the kinds that have it)")
    for name, kind_type in _hyperparameter_flags().items():
        kinds = [k.name for k in KINDS.values() if any(h.name == name for h in k.hyperparameters)]
        flag = "--" + name.replace("_", "-")
        group.add_argument(flag, dest=name, type=kind_type, help=f"for {', '.join(kinds)}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROGRAM, description="Wine Quality Lab from the command line.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    train = commands.add_parser("train", help="train or load a model; print its metrics as JSON")
    _add_model_arguments(train)
    predict = commands.add_parser("predict", help='score {"data": [[11 numbers], ...]}')
    _add_model_arguments(predict)
    predict.add_argument("payload", help="the JSON document, or - to read standard input")
    export = commands.add_parser(
        "export", help="write the model as a plain scikit-learn file and a JSON beside it"
    )
    _add_model_arguments(export)
    export.add_argument(
        "-o", "--output", type=Path, required=True, help="model file (.joblib, or .skops)"
    )
    export.add_argument("--format", choices=FORMATS, help="file format (default: from the name)")
    evaluation = commands.add_parser(
        "evaluate", help="repeated K-fold MAD and accuracy within T (Cortez et al. 2009)"
    )
    _add_model_arguments(evaluation)
    evaluation.add_argument("--mode", choices=FOLD_MODES, action="append", help="fold mode(s)")
    _add_protocol_arguments(evaluation)
    benchmark = commands.add_parser(
        "benchmark", help="evaluate every kind on both wines and fold modes into a JSON file"
    )
    benchmark.add_argument("--out", type=Path, default=BENCHMARK_PATH, help="output file")
    _add_protocol_arguments(benchmark)
    curve = commands.add_parser(
        "curve", help="train and 5-fold CV RMSE over a grid of one hyperparameter"
    )
    _add_model_arguments(curve)
    curve.add_argument("--param", required=True, help="the hyperparameter to vary, e.g. alpha")
    curve.add_argument("--points", type=int, default=20, help="grid points (default: 20)")
    _add_parallel_arguments(curve)
    coverage = commands.add_parser(
        "coverage", help="measure the 90%% intervals' coverage, leak-free, into a JSON file"
    )
    coverage.add_argument("--out", type=Path, default=COVERAGE_PATH, help="output file")
    coverage.add_argument(
        "--repeats", type=int, default=COVERAGE_REPEATS, help=f"(default: {COVERAGE_REPEATS})"
    )
    return parser


def _add_protocol_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--folds", type=int, default=PAPER_FOLDS, help="folds (default: 5)")
    parser.add_argument("--repeats", type=int, default=PAPER_REPEATS, help="(default: 20)")
    _add_parallel_arguments(parser)


def _add_parallel_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n-jobs", type=int, default=-1, help="parallel fits (default: all)")
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run the fits on a Dask cluster: its scheduler (tcp://HOST:8786), or `local` "
        "for one worker per core here; needs `pip install '.[dask]'`",
    )


def _spec(arguments: argparse.Namespace) -> ModelSpec:
    kind = KINDS[arguments.model]
    own = {h.name for h in kind.hyperparameters}
    params = {}
    for name in _hyperparameter_flags():
        value = getattr(arguments, name)
        if value is None:
            continue
        if name not in own:
            flag = "--" + name.replace("_", "-")
            raise SpecError(f"{flag} does not apply to the model kind {kind.name!r}.")
        params[name] = value
    return ModelSpec.create(
        arguments.wine,
        kind.name,
        test_size=arguments.test_size,
        seed=arguments.seed,
        scale=arguments.scale,
        **params,
    )


def _train_report(stored: StoredModel) -> dict[str, object]:
    """Where the model came from, then its one summary (`TrainResult.summary`)."""
    return {"model_id": stored.model_id, "source": stored.source} | stored.result.summary()


class _FitProgress:
    """Fits done / total on stderr: one updating line on a terminal, every 10 % otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total, self.done, self._stream = total, 0, stream or sys.stderr
        self._tty = self._stream.isatty()

    def __call__(self) -> None:
        self.done += 1
        step = max(1, self.total // 10)
        if self._tty:
            end = "\n" if self.done == self.total else ""
            print(f"\rfits done {self.done}/{self.total}", end=end, file=self._stream, flush=True)
        elif self.done % step == 0 or self.done == self.total:
            print(f"fits done {self.done}/{self.total}", file=self._stream, flush=True)


@contextlib.contextmanager
def _where(arguments: argparse.Namespace) -> Iterator[dict[str, Any]]:
    """On the Dask cluster named by --dask, or on this machine: yields where, for the output."""
    address = getattr(arguments, "dask", None)
    if address is None:
        yield local_info(getattr(arguments, "n_jobs", None))
        return
    with on_dask(address) as info:
        print(
            f"on Dask at {info.scheduler}: {info.workers} workers, {info.threads} threads",
            file=sys.stderr,
            flush=True,
        )
        yield info.to_dict()


def _benchmark(arguments: argparse.Namespace, where: dict[str, Any]) -> object:
    fits = len(WINES) * len(KINDS) * len(FOLD_MODES) * arguments.folds * arguments.repeats
    table = compute_benchmark(
        folds=arguments.folds,
        repeats=arguments.repeats,
        n_jobs=arguments.n_jobs,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
        on_fit=_FitProgress(fits),
        where=where,
    )
    write_benchmark(table, arguments.out)
    return {"written": str(arguments.out), "rows": len(table["rows"]), "ran_on": where}


def _evaluate(spec: ModelSpec, arguments: argparse.Namespace, where: dict[str, Any]) -> object:
    frame = load_wine(spec.wine, arguments.data_dir)
    modes = arguments.mode or list(FOLD_MODES)
    progress = _FitProgress(len(modes) * arguments.folds * arguments.repeats)
    return [
        evaluate(
            spec, frame, mode, folds=arguments.folds, repeats=arguments.repeats,
            n_jobs=arguments.n_jobs, on_fit=progress,
        ).to_dict() | {"ran_on": where}
        for mode in modes
    ]  # fmt: skip


def _curve(spec: ModelSpec, arguments: argparse.Namespace, where: dict[str, Any]) -> object:
    hyperparameter = KINDS[spec.kind].hyperparameter(arguments.param)
    if arguments.points < 2:
        raise SpecError("A validation curve needs --points 2 or more.")
    grid = parameter_grid(hyperparameter, arguments.points)
    frame = load_wine(spec.wine, arguments.data_dir)
    curve = compute_validation_curve(spec, frame, arguments.param, grid, n_jobs=arguments.n_jobs)
    return asdict(curve) | {"spec": spec.to_dict(), "ran_on": where}


def _act(arguments: argparse.Namespace, stdin: TextIO) -> object:
    if arguments.command == "benchmark":
        with _where(arguments) as where:
            return _benchmark(arguments, where)
    if arguments.command == "coverage":
        return _coverage(arguments)
    spec = _spec(arguments)
    if arguments.command in ("evaluate", "curve"):
        act = _evaluate if arguments.command == "evaluate" else _curve
        with _where(arguments) as where:
            return act(spec, arguments, where)
    stored = ModelStore(arguments.models_dir, data_dir=arguments.data_dir).get(spec)
    if arguments.command == "predict":
        payload = stdin.read() if arguments.payload == "-" else arguments.payload
        return score_json(stored.result, payload)
    if arguments.command == "export":
        file_format = arguments.format or format_of(arguments.output)
        try:
            written = write_export(stored, arguments.output, file_format)
        except OSError as error:
            raise SpecError(f"{arguments.output}: cannot be written ({error.strerror}).") from None
        return {"model_id": stored.model_id, "written": [str(path) for path in written]}
    return _train_report(stored)


def _coverage(arguments: argparse.Namespace) -> dict[str, object]:
    if arguments.repeats < 1:
        raise SpecError("Use at least 1 repeat.")
    table = compute_coverage(
        repeats=arguments.repeats,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    write_coverage(table, arguments.out)
    return {"written": str(arguments.out), "rows": len(table["rows"])}


def run(argv: Sequence[str] | None = None, stdin: TextIO = sys.stdin) -> int:
    """Parse, act, print; return the exit status."""
    arguments = build_parser().parse_args(argv)
    try:
        output = _act(arguments, stdin)
    except WineLabError as error:
        print(f"{PROGRAM}: error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(output))
    return 0


def main() -> NoReturn:
    logging.basicConfig(level=logging.WARNING, format=f"{PROGRAM}: %(message)s")
    sys.exit(run())
