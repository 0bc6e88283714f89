"""A trained model as files anyone can load: a plain scikit-learn pipeline and its description.

The model file holds only the fitted scikit-learn `Pipeline` (no object of this project), so
it loads with scikit-learn, joblib and NumPy alone, from any folder; the skops file holds the
same pipeline in a format that loads without unpickling arbitrary code. Beside either goes a
JSON document with what a client needs to use it: the feature order and units, the metrics,
the data's checksum and the library versions it was made with.
"""

from __future__ import annotations

import io
import json
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import joblib

from core.errors import SpecError
from core.features import FEATURES, TARGET, TARGET_RANGE
from core.links import spec_link_params
from core.models import ModelSpec
from core.store import StoredModel
from core.train_result import TrainResult

FORMATS: tuple[str, ...] = ("joblib", "skops")
EXPORT_FORMAT_VERSION = 1
_LIBRARIES = ("scikit-learn", "numpy", "scipy", "joblib", "skops")

# The first red wine of the UCI file, in feature order: the example every snippet predicts.
EXAMPLE_WINE = (7.4, 0.7, 0.0, 1.9, 0.076, 11.0, 34.0, 0.9978, 3.51, 0.56, 9.4)

# The three lines that load and use each file, shown on the Train page and in the README.
_LOAD_LINES = {
    "joblib": ("import joblib", 'model = joblib.load("{file}")'),
    "skops": ("import skops.io as sio", 'model = sio.load("{file}"{trusted})'),
}


@dataclass(frozen=True)
class ExportedModel:
    """A model file's bytes, its suggested name, and the JSON that describes it."""

    format: str
    file_name: str
    content: bytes
    description: dict[str, Any]
    trusted: tuple[str, ...] = ()

    def description_json(self) -> str:
        return json.dumps(self.description, indent=2, ensure_ascii=False)


def check_format(name: str) -> str:
    if name not in FORMATS:
        raise SpecError(f"Unknown model file format {name!r}: choose one of {', '.join(FORMATS)}.")
    return name


def format_of(path: Path) -> str:
    """The format a file name asks for: `.skops` is skops, anything else joblib."""
    return "skops" if Path(path).suffix.lower() == ".skops" else "joblib"


def file_stem(stored: StoredModel) -> str:
    spec = stored.result.spec
    return f"wine-{spec.wine}-{spec.kind}-{stored.model_id}"


def export_model(stored: StoredModel, file_format: str = "joblib") -> ExportedModel:
    """The model of `stored` as a file of the given format, with its description."""
    check_format(file_format)
    pipeline = stored.result.pipeline
    trusted: tuple[str, ...] = ()
    if file_format == "skops":
        import skops.io as sio  # only this format needs it

        content = sio.dumps(pipeline)
        trusted = tuple(sio.get_untrusted_types(data=content))
    else:
        buffer = io.BytesIO()
        joblib.dump(pipeline, buffer)
        content = buffer.getvalue()
    file_name = f"{file_stem(stored)}.{file_format}"
    description = describe(stored, file_format, file_name, trusted)
    return ExportedModel(file_format, file_name, content, description, trusted)


def write_export(stored: StoredModel, path: Path, file_format: str | None = None) -> list[Path]:
    """Write the model file at `path` and its description beside it (`.json`); both paths."""
    path = Path(path)
    exported = export_model(stored, file_format or format_of(path))
    exported.description["file"] = path.name
    exported.description["load"] = load_lines(exported.format, path.name, exported.trusted)
    sidecar = path.with_suffix(".json")
    if sidecar == path:
        raise SpecError(f"{path.name}: the model file needs a name that does not end in .json.")
    path.write_bytes(exported.content)
    sidecar.write_text(exported.description_json() + "\n", encoding="utf-8")
    return [path, sidecar]


def api_request(spec: ModelSpec, origin: str) -> str:
    """A complete `curl` call of the app's `POST /api/predict` for this model: its query
    names the spec exactly (as a link does), its body the first wine of the UCI red file by
    the feature keys."""
    query = "&".join(f"{key}={value}" for key, value in spec_link_params(spec).items())
    wine = {feature.key: value for feature, value in zip(FEATURES, EXAMPLE_WINE, strict=True)}
    body = json.dumps({"data": [wine]}, indent=2)
    return (
        f"curl -X POST '{origin.rstrip('/')}/api/predict?{query}' \\\n"
        f"  -H 'Content-Type: application/json' \\\n  -d '{body}'"
    )


def load_lines(file_format: str, file_name: str, trusted: tuple[str, ...] = ()) -> list[str]:
    """Three lines that load a model file and predict the first wine of the UCI file.

    A skops file names the scikit-learn types skops does not trust by default (the gradient
    boosting's tree predictor): the loader lists them, so nothing else is ever trusted.
    """
    example = ", ".join(f"{value:g}" for value in EXAMPLE_WINE)
    listed = f", trusted={list(trusted)!r}".replace("'", '"') if trusted else ""
    return [
        *(
            line.format(file=file_name, trusted=listed)
            for line in _LOAD_LINES[check_format(file_format)]
        ),
        f"print(model.predict([[{example}]]))",
    ]


def describe(
    stored: StoredModel, file_format: str, file_name: str, trusted: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The JSON beside a model file: how to call it and what it was made from."""
    result = stored.result
    return {
        "export_format": EXPORT_FORMAT_VERSION,
        "file": file_name,
        "file_format": file_format,
        "model_id": stored.model_id,
        "description": result.spec.describe(),
        "spec": result.spec.to_dict() | {"scale": result.spec.scale},
        "input": "rows of the 11 measurements, in feature_order (the UCI file's column order)",
        "output": f"predicted {TARGET}; the app clips it to {TARGET_RANGE[0]} to {TARGET_RANGE[1]}",
        "feature_order": [feature.key for feature in FEATURES],
        "features": [_feature(feature) for feature in FEATURES],
        "metrics": _metrics(result),
        "data_sha256": stored.data_sha256,
        "libraries": library_versions(),
        "load": load_lines(file_format, file_name, trusted),
    }


def _feature(feature: Any) -> dict[str, Any]:
    return {
        "key": feature.key,
        "column": feature.column,
        "unit": feature.unit,
        "plausible": list(feature.plausible),
    }


def _metrics(result: TrainResult) -> dict[str, Any]:
    return {
        "test": result.test_metrics.to_dict(),
        "baseline": result.baseline_metrics.to_dict(),
        "cv_rmse": {"mean": result.cv_rmse_mean, "std": result.cv_rmse_std},
        "train_rows": result.train_rows,
        "test_rows": result.test_rows,
    }


def library_versions() -> dict[str, str]:
    """Python's and each library's version, as installed (a missing one is left out)."""
    versions = {"python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions
