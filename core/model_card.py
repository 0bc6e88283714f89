"""A model card in the Hugging Face format, and the one zip that carries it with the model.

The card is built with `skops.card` (already a dependency for the skops file): its template
has the sections a Hugging Face model page expects (description, intended uses and
limitations, training procedure with the hyperparameters read from the pipeline, evaluation
results, how to get started, citation), and `skops.card.parse_modelcard` reads it back. The
YAML front matter (library, tags, the metrics as a `model-index`) is written here, since
skops leaves it to `huggingface_hub`, which this project does not install.

Every number comes from `core.report`, the same as the downloadable report's: accuracy on
the held-out wines that have no twin in training (leak-free), the baseline, the interval's
leak-free coverage and the paper-protocol benchmark.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

import pandas as pd

from core.export import export_model, load_lines
from core.features import FEATURES_BY_KEY
from core.report import PAPER_CITATION, ModelReport, model_report
from core.store import StoredModel

CARD_NAME = "README.md"
_SPLITS = {
    "grouped": "A split that keeps identical wines on one side (grouped by their measurements)",
    "tutorial": "`train_test_split` in file order, as the classic tutorial does",
}
BIBTEX = """@article{cortez2009modeling,
  title={Modeling wine preferences by data mining from physicochemical properties},
  author={Cortez, Paulo and Cerdeira, Ant{\\'o}nio and Almeida, Fernando and Matos, Telmo
          and Reis, Jos{\\'e}},
  journal={Decision Support Systems}, volume={47}, number={4}, pages={547--553}, year={2009}
}"""


@dataclass(frozen=True)
class CardMetric:
    """One metric of the card: a Hugging Face metric type, a name people read, its value."""

    type: str
    name: str
    value: float


def card_metrics(report: ModelReport, result_rmse: float, result_mae: float, result_r2: float):
    """The card's metrics, leak-free ones first (names say on which wines)."""
    facts = report.accuracy
    unseen = f"{facts.unseen_rows} held-out wines with no twin in training"
    metrics = [
        CardMetric("accuracy", f"Exact grade (error at most 0.5), {unseen}", facts.exact),
        CardMetric("accuracy", f"Within one grade (error at most 1), {unseen}", facts.within_one),
        CardMetric("mae", f"Mean absolute error, {unseen}", facts.mae),
        CardMetric(
            "accuracy", f"Baseline (always the mean): exact grade, {unseen}", facts.baseline_exact
        ),
        CardMetric("rmse", "RMSE, all held-out wines", result_rmse),
        CardMetric("mae", "MAE, all held-out wines", result_mae),
        CardMetric("r2", "R², all held-out wines", result_r2),
    ]
    if report.interval is not None:
        metrics.append(
            CardMetric(
                "coverage", "90% interval coverage, leak-free folds", report.interval.coverage
            )
        )
    if report.benchmark is not None:
        b = report.benchmark
        protocol = f"default settings, {b.folds}-fold CV × {b.repeats}, leak-free folds"
        metrics.append(CardMetric("accuracy", f"Exact grade, {protocol}", b.exact))
        metrics.append(CardMetric("accuracy", f"Within one grade, {protocol}", b.within_one))
    return metrics


def front_matter(name: str, report: ModelReport, metrics: list[CardMetric]) -> str:
    """The YAML header a Hugging Face model page reads (JSON scalars are valid YAML)."""
    lines = [
        "---",
        "library_name: sklearn",
        "tags: [sklearn, skops, tabular-regression, wine-quality]",
        "model-index:",
        f"- name: {json.dumps(name)}",
        "  results:",
        "  - task: {type: tabular-regression, name: Wine quality}",
        f"    dataset: {{type: wine-quality, name: {json.dumps(f'Wine Quality ({report.wine})')}}}",
        "    metrics:",
    ]
    lines += [
        f"    - {{type: {m.type}, name: {json.dumps(m.name, ensure_ascii=False)}, "
        f"value: {m.value:.4f}}}"
        for m in metrics
    ]
    return "\n".join([*lines, "---", ""])


def _description(stored: StoredModel, report: ModelReport) -> str:
    result = stored.result
    settings = ", ".join(f"{label} {value}" for label, value in report.settings) or "none"
    return (
        f"Predicts the quality grade (0 to 10) that expert tasters give a {report.wine} "
        "Vinho Verde wine, from 11 laboratory measurements. "
        f"A scikit-learn `Pipeline`: {report.kind_label} (settings: {settings}), trained on "
        f"{result.train_rows} wines and tested on {result.test_rows} held out. "
        f"Model id `{stored.model_id}`, made by Wine Quality Lab."
    )


def _limitations(report: ModelReport) -> str:
    rare = ", ".join(
        str(grade) for grade, _, _ in (report.interval.rare_grades if report.interval else ())
    )
    lines = [
        "Intended for learning about wine data and for a first estimate of a wine's grade "
        "from its measurements; not a replacement for tasting.",
        "",
        "- One region and period: red and white Vinho Verde from Portugal, 2004–2007 (Cortez "
        "et al., 2009). Other wines may behave differently.",
        "- The data holds exact duplicate wines; the metrics below leave out held-out wines "
        "that have a twin in training.",
        "- It learns what goes with good grades, not what causes them.",
        "- Most grades are 5 or 6: the rare grades"
        + (f" ({rare})" if rare else "")
        + " are mostly missed, and the 90% interval does not hold for them.",
        "- Inputs outside the training wines' ranges are extrapolated; trust them less.",
    ]
    return "\n".join(lines)


def _training(report: ModelReport, stored: StoredModel) -> str:
    spec = stored.result.spec
    top = ", ".join(FEATURES_BY_KEY[d.key].label.lower() for d in report.drivers[:3])
    return (
        f"{_SPLITS[spec.split]} (test share {spec.test_size:g}, seed {spec.seed}) on the UCI "
        f"file. Data SHA-256 `{report.reproduce.data_sha256}`. "
        f"Reproduce with `{report.reproduce.command}`. Strongest measurements: {top}. "
        "Library versions: "
        + ", ".join(f"{k} {v}" for k, v in report.reproduce.versions.items())
        + "."
    )


def model_card(
    stored: StoredModel, frame: pd.DataFrame, model_file: str, trusted: tuple[str, ...] = ()
) -> str:
    """The card (Markdown with YAML front matter) of a stored model saved as `model_file`."""
    from skops.card import Card  # only the card needs it

    report = model_report(stored, frame)
    test = stored.result.test_metrics
    metrics = card_metrics(report, test.rmse, test.mae, test.r2)
    card = Card(stored.result.pipeline, model_diagram=False)
    card.add(
        **{
            "Model description": _description(stored, report),
            "Model description/Intended uses & limitations": _limitations(report),
            "Model description/Training Procedure": _training(report, stored),
            "How to Get Started with the Model": "```python\n"
            + "\n".join(load_lines(_format_of(model_file), model_file, trusted))
            + "\n```\n\nInput: rows of the 11 measurements in the order of `feature_order` "
            "in the JSON file beside the model.",
            "Model Card Authors": "Wine Quality Lab (generated from the trained model).",
            "Model Card Contact": "Wine Quality Lab.",
            "Citation": f"{PAPER_CITATION}\n\n**BibTeX:**\n\n```\n{BIBTEX}\n```",
        }
    )
    card.delete("Model description/Training Procedure/Model Plot")
    card.add_metrics(**{m.name: round(m.value, 4) for m in metrics})
    name = model_file.rsplit(".", 1)[0]
    return front_matter(name, report, metrics) + card.render() + "\n"


def _format_of(file_name: str) -> str:
    return "skops" if file_name.endswith(".skops") else "joblib"


def bundle(stored: StoredModel, frame: pd.DataFrame, file_format: str = "joblib") -> bytes:
    """One zip: the model file, its JSON description and the model card (README.md)."""
    exported = export_model(stored, file_format)
    card = model_card(stored, frame, exported.file_name, exported.trusted)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(exported.file_name, exported.content)
        archive.writestr(
            exported.file_name.rsplit(".", 1)[0] + ".json", exported.description_json() + "\n"
        )
        archive.writestr(CARD_NAME, card)
    return buffer.getvalue()
