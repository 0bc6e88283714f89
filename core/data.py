"""Loading and validating wine CSVs against the explicit schema of `features`."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np
import pandas as pd

from core.errors import DataError
from core.features import FEATURE_KEYS, FEATURES, TARGET, TARGET_RANGE, key_of_name
from core.messages import N_, Message

WINES: tuple[str, ...] = ("red", "white")
DEFAULT_WINE = "red"


def _shipped_data_dir() -> Path:
    """`data/` of a checkout, or the copy `pip install .` puts inside the package."""
    package = Path(__file__).resolve().parent
    installed = package / "shipped_data"
    return installed if installed.is_dir() else package.parent / "data"


DATA_DIR = _shipped_data_dir()


def wine_path(wine: str, data_dir: Path = DATA_DIR) -> Path:
    """The shipped CSV of a wine set; `DataError` for a name that is not one."""
    if wine not in WINES:
        raise DataError(f"Unknown wine set {wine!r}: choose one of {', '.join(WINES)}.")
    return Path(data_dir) / f"winequality-{wine}.csv"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks so a large file does not fill memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def data_checksum(wine: str, data_dir: Path = DATA_DIR) -> str:
    """SHA-256 of a wine set's CSV: part of every model's identity."""
    path = wine_path(wine, data_dir)
    try:
        return file_sha256(path)
    except OSError as error:
        raise DataError(f"{path.name}: cannot be read ({error.strerror}).") from error


def load_wine(wine: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """The validated data of one wine set, columns renamed to the feature keys, file order kept."""
    path = wine_path(wine, data_dir)
    try:
        raw = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    except FileNotFoundError as error:
        raise DataError(f"{path.name}: file not found in {path.parent}.") from error
    except (OSError, ValueError, UnicodeDecodeError) as error:
        message = f"{path.name}: not a readable semicolon-separated CSV ({error})."
        raise DataError(message) from error
    return validate_frame(raw, source=path.name, require_target=True)


def parse_csv_bytes(content: bytes, source: str, *, require_target: bool = False) -> pd.DataFrame:
    """Parse an uploaded CSV (`;` or `,`, UTF-8 or Latin-1) and validate it like a shipped file."""
    raw, _ = read_csv_bytes(content, source)
    return validate_frame(raw, source=source, require_target=require_target)


def read_csv_bytes(content: bytes, source: str) -> tuple[pd.DataFrame, str]:
    """An uploaded CSV as it is (every cell as text, original headers) and its separator."""
    text, separator = csv_text(content, source)
    try:
        raw = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as error:
        raise DataError(
            Message(
                N_("{file}: not a CSV file that can be read ({error})."),
                file=source,
                error=str(error),
            )
        ) from error
    return raw, separator


def csv_text(content: bytes, source: str) -> tuple[str, str]:
    """An uploaded CSV's text (UTF-8, UTF-16 or Latin-1) and its separator; `DataError` for an
    empty or binary file."""
    if not content.strip():
        raise DataError(Message(N_("{file}: the file is empty."), file=source))
    text = _decode(content, source)
    return text, _separator(text)


def _decode(content: bytes, source: str) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(
                Message(
                    N_(
                        "{file}: not text in a known encoding (it starts like UTF-16 but does "
                        "not decode as UTF-16); save it as CSV in UTF-8 and upload that."
                    ),
                    file=source,
                )
            ) from None
    if b"\x00" in content:
        raise DataError(Message(N_("{file}: this is a binary file, not a CSV."), file=source))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def _separator(text: str) -> str:
    """`;` as in the UCI files, or `,` as spreadsheets write: whichever splits the header more."""
    header = text.lstrip().splitlines()[0] if text.strip() else ""
    return ";" if header.count(";") >= header.count(",") else ","


def validate_frame(raw: pd.DataFrame, source: str, *, require_target: bool) -> pd.DataFrame:
    """Check names, types, completeness and plausibility; return numeric columns by key.

    Every failure names the file, the column and the first offending row (1-based, the
    header not counted), so a person can open the file and fix it.
    """
    renamed = _rename_columns(raw, source)
    wanted = list(FEATURE_KEYS) + ([TARGET] if require_target else [])
    missing = [key for key in wanted if key not in renamed.columns]
    if missing:
        raise DataError(
            Message(
                N_("{file}: missing column(s) {columns}."), file=source, columns=", ".join(missing)
            )
        )
    if renamed.empty:
        raise DataError(Message(N_("{file}: the file has a header but no rows."), file=source))
    result = pd.DataFrame(index=range(len(renamed)))
    for key in wanted:
        result[key] = _numeric_column(renamed[key], key, source)
    if require_target:
        result[TARGET] = result[TARGET].astype(int)
    return result


def column_key(column: object) -> str | None:
    """The feature key (or `quality`) a CSV header names, by UCI name or key; None if none."""
    name = str(column).strip().strip('"').lower()
    return TARGET if name == TARGET else key_of_name(name)


def _rename_columns(raw: pd.DataFrame, source: str) -> pd.DataFrame:
    mapping = {}
    for column in raw.columns:
        key = column_key(column)
        if key is not None:
            if key in mapping.values():
                raise DataError(
                    Message(N_("{file}: column {column} appears twice."), file=source, column=key)
                )
            mapping[column] = key
    return raw[list(mapping)].rename(columns=mapping).reset_index(drop=True)


def _numeric_column(column: pd.Series, key: str, source: str) -> pd.Series:
    text = column.astype(str).str.strip()
    empty = text.eq("")
    if empty.any():
        raise DataError(
            Message(
                N_("{file}: column {column}, row {row}: value is missing."),
                file=source,
                column=key,
                row=_first(empty),
            )
        )
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
    if bad.any():
        row = _first(bad)
        raise DataError(
            Message(
                N_("{file}: column {column}, row {row}: {value} is not a number."),
                file=source,
                column=key,
                row=row,
                value=repr(text.iloc[row - 1][:40]),
            )
        )
    low, high = plausible_range(key)
    outside = (values < low) | (values > high)
    if outside.any():
        row = _first(outside)
        raise DataError(
            Message(
                N_(
                    "{file}: column {column}, row {row}: {value} is outside "
                    "the plausible range {low} to {high}."
                ),
                file=source,
                column=key,
                row=row,
                value=float(values.iloc[row - 1]),
                low=float(low),
                high=float(high),
            )
        )
    if key == TARGET and (values != values.round()).any():
        row = _first(values != values.round())
        raise DataError(
            Message(
                N_("{file}: column {column}, row {row}: quality must be a whole score."),
                file=source,
                column=key,
                row=row,
            )
        )
    return values.astype(float)


def plausible_range(key: str) -> tuple[float, float]:
    """The values a wine can plausibly have for a feature (or the quality scale)."""
    if key == TARGET:
        return TARGET_RANGE
    return next(feature.plausible for feature in FEATURES if feature.key == key)


def _first(mask: pd.Series) -> int:
    return int(np.flatnonzero(mask.to_numpy())[0]) + 1


def real_wine(frame: pd.DataFrame, row: int) -> tuple[dict[str, float], int]:
    """The features and true quality of one real wine (0-based row of the file)."""
    record = frame.iloc[row]
    return {key: float(record[key]) for key in FEATURE_KEYS}, int(record[TARGET])
