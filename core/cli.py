"""`python -m core`: train, score, evaluate, benchmark and validation curves from the command line.

`pipeline --data-dir NEW` is the evaluate-and-register gate for new labelled data: it checks
NEW's wines row by row, trains on part of them and compares the new model with the current one
on the rest; it exits 0 when the new model is at least as good, 1 when it is worse.

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
from core.data import DATA_DIR, DEFAULT_WINE, WINES, load_wine, wine_path
from core.errors import DataError, SpecError, WineLabError
from core.evaluate import FOLD_MODES, PAPER_FOLDS, PAPER_REPEATS, evaluate
from core.export import FORMATS, format_of, write_export
from core.labelled_upload import read_labelled
from core.model_card import bundle
from core.models import (
    DEFAULT_KIND,
    DEFAULT_SPLIT,
    KINDS,
    SCALING_HELP,
    SEED,
    SPLITS,
    TEST_SIZE,
    ModelSpec,
)
from core.own_model import compare_own
from core.paper_benchmark import (
    BENCHMARK_PATH,
    compute_benchmark,
    load_benchmark,
    merge_benchmark,
    write_benchmark,
)
from core.scoring import score_json
from core.store import ModelStore, StoredModel
from core.train import compute_validation_curve, parameter_grid

PROGRAM = "python -m core"


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line, with exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROGRAM}: error: {message}\n")


def _hyperparameter_flags() -> dict[str, dict[str, Any]]:
    """Each setting's `add_argument` keywords: a number's type, or a choice's choices."""
    flags: dict[str, dict[str, Any]] = {}
    for kind in KINDS.values():
        for hyperparameter in kind.hyperparameters:
            flags.setdefault(hyperparameter.name, {"type": hyperparameter.type})
        for choice in kind.choices:
            flags.setdefault(choice.name, {"choices": choice.choices})
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
    parser.add_argument(
        "--split",
        choices=SPLITS,
        default=DEFAULT_SPLIT,
        help="grouped: identical wines stay on one side of the split; tutorial: plain "
        "train_test_split (default: grouped)",
    )
    parser.add_argument("--models-dir", help="model store folder (default: $WINE_LAB_MODELS_DIR)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DATA_DIR,
        help="folder with winequality-red.csv and winequality-white.csv (default: shipped data)",
    )
    group = parser.add_argument_group("hyperparameters (each applies to the kinds that have it)")
    for name, keywords in _hyperparameter_flags().items():
        kinds = [k.name for k in KINDS.values() if any(s.name == name for s in k.settings)]
        flag = "--" + name.replace("_", "-")
        group.add_argument(flag, dest=name, **keywords, help=f"for {', '.join(kinds)}")


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
        "-o",
        "--output",
        type=Path,
        required=True,
        help="model file (.joblib or .skops), or .zip: the model file, its JSON and a model card",
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
    benchmark.add_argument(
        "--kinds",
        nargs="+",
        choices=tuple(KINDS),
        help="only these kinds; their rows replace the same kinds' rows in --out, whose "
        "protocol, versions and data must match this run's",
    )
    _add_protocol_arguments(benchmark)
    curve = commands.add_parser(
        "curve", help="train and 5-fold CV RMSE over a grid of one hyperparameter"
    )
    _add_model_arguments(curve)
    curve.add_argument("--param", required=True, help="the hyperparameter to vary, e.g. alpha")
    curve.add_argument("--points", type=int, default=20, help="grid points (default: 20)")
    _add_parallel_arguments(curve)
    pipeline = commands.add_parser(
        "pipeline",
        help="train on NEW's labelled wines (its winequality-WINE.csv) and compare with the "
        "current model (the default model of the colour) on NEW's held-out wines; exit 0 if "
        "at least as good, 1 if worse",
    )
    _add_model_arguments(pipeline)
    pipeline.set_defaults(data_dir=None)
    pipeline.add_argument(
        "--with-uci",
        action="store_true",
        help="train on the shipped UCI wines of the same colour and NEW's together",
    )
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
    own = {s.name for s in kind.settings}
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
        split=arguments.split,
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
    kinds = tuple(arguments.kinds or KINDS)
    fits = len(WINES) * len(kinds) * len(FOLD_MODES) * arguments.folds * arguments.repeats
    earlier = load_benchmark(arguments.out)[0] if arguments.kinds else None
    table = compute_benchmark(
        folds=arguments.folds,
        repeats=arguments.repeats,
        n_jobs=arguments.n_jobs,
        kinds=kinds,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
        on_fit=_FitProgress(fits),
        where=where,
    )
    if earlier is not None:
        table = merge_benchmark(earlier, table)
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
            if arguments.output.suffix.lower() == ".zip":
                frame = load_wine(spec.wine, arguments.data_dir)
                arguments.output.write_bytes(bundle(stored, frame, arguments.format or "joblib"))
                written = [arguments.output]
            else:
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


def _pipeline(arguments: argparse.Namespace) -> tuple[dict[str, object], int]:
    """Validate NEW's wines, train the flags' model on part of them, compare it on the rest with
    the current model (the app's default model of the colour, trained on the shipped data); the
    report and 0 (at least as good) or 1 (worse)."""
    if arguments.data_dir is None:
        raise DataError("pipeline needs --data-dir NEW: the folder holding the new wines' CSV.")
    spec = _spec(arguments)
    path = wine_path(spec.wine, arguments.data_dir)
    try:
        content = path.read_bytes()
    except OSError as error:
        raise DataError(f"{path}: cannot be read ({error.strerror}).") from None
    wines = read_labelled(content, path.name)
    current = ModelStore(arguments.models_dir).get(ModelSpec(wine=spec.wine))
    uci = load_wine(spec.wine) if arguments.with_uci else None
    comparison = compare_own(spec, wines.frame, current.result, uci=uci)
    report = {
        "data": wines.summary(),
        "current_model_id": current.model_id,
        "current_spec": current.result.spec.to_dict(),
    }
    return report | comparison.to_dict(), 1 if comparison.verdict == "worse" else 0


def run(argv: Sequence[str] | None = None, stdin: TextIO = sys.stdin) -> int:
    """Parse, act, print; return the exit status."""
    arguments = build_parser().parse_args(argv)
    try:
        if arguments.command == "pipeline":
            output, status = _pipeline(arguments)
        else:
            output, status = _act(arguments, stdin), 0
    except WineLabError as error:
        print(f"{PROGRAM}: error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(output))
    return status


def main() -> NoReturn:
    logging.basicConfig(level=logging.WARNING, format=f"{PROGRAM}: %(message)s")
    sys.exit(run())
