"""The generator of `tests/data/fixtures/own_red_alcohol_plus_one.csv`: a winery's own lab sheet
with a known shift, made from the shipped red wines.

    python -m tests.data.own_wines_fixture      # rewrites the committed file

What it holds (the tests rely on each of these):
- 400 distinct UCI red wines (`drop_duplicates`, then `sample(400, random_state=29)`), each
  with 1 % vol more alcohol than in the UCI file (the known shift);
- a header of the UCI column names, comma-separated, as a spreadsheet saves it;
- `DUPLICATES` exact copies of earlier wines, so the file has that many repeats;
- one bad row at each line of `BAD_LINES`, for the reason written beside it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from core.data import load_wine
from core.features import FEATURES, TARGET

PATH = Path(__file__).parent / "fixtures" / "own_red_alcohol_plus_one.csv"
WINES, SEED, ALCOHOL_SHIFT = 400, 29, 1.0
DUPLICATES = 5
# line in the file (the header is line 1) → what is wrong with the row written there
BAD_LINES = {
    5: "alcohol is text",
    40: "pH is empty",
    120: "density is 5, not a plausible density",
    200: "quality is 5.5, not a whole grade",
    300: "one value too many",
}


def shifted_wines() -> pd.DataFrame:
    """The 400 distinct red wines, alcohol + 1, in the sample's order (keys as columns)."""
    red = load_wine("red").drop_duplicates().sample(WINES, random_state=SEED)
    red["alcohol"] += ALCOHOL_SHIFT
    return red.reset_index(drop=True)


def _bad_row(good: list[str], reason: str) -> list[str]:
    keys = [feature.key for feature in FEATURES] + [TARGET]
    row = list(good)
    if reason.startswith("alcohol"):
        row[keys.index("alcohol")] = "twelve"
    elif reason.startswith("pH"):
        row[keys.index("ph")] = ""
    elif reason.startswith("density"):
        row[keys.index("density")] = "5"
    elif reason.startswith("quality"):
        row[keys.index(TARGET)] = "5.5"
    else:
        row.append("1")
    return row


def fixture_text() -> str:
    wines = shifted_wines()
    rows = [[f"{value:g}" for value in record] for record in wines.itertuples(index=False)]
    rows = [[*row[:-1], str(int(float(row[-1])))] for row in rows]
    rows += [list(rows[index]) for index in range(DUPLICATES)]  # repeats of the first wines
    for line, reason in sorted(BAD_LINES.items()):
        rows.insert(line - 2, _bad_row(rows[line - 2], reason))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([feature.column for feature in FEATURES] + [TARGET])
    writer.writerows(rows)
    return buffer.getvalue()


if __name__ == "__main__":
    PATH.write_text(fixture_text())
