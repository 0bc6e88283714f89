"""The Train page's "use this model outside the app" section: the model as files anyone can
load, the three lines that load each, and the same model over HTTP."""

from __future__ import annotations

import streamlit as st

from core.export import load_lines
from core.links import link_params
from core.models import ModelSpec
from ui.cache import exported_model

_FORMATS = {
    "joblib": "A plain scikit-learn pipeline: loads with scikit-learn, joblib and NumPy alone.",
    "skops": "The same pipeline in skops's format, which loads without running pickled code.",
}


def export_ui(spec: ModelSpec) -> None:
    """Download buttons for the joblib and skops files and their JSON description.

    Their data is handed over as callables, made when clicked: bytes given directly would be
    stored as media on every rerun, and a fast rerun would drop a file the browser still
    checks (a 404 in its console).
    """
    with st.expander("Use this model outside the app", icon=":material/download:"):
        columns = st.columns(len(_FORMATS))
        for column, (file_format, caption) in zip(columns, _FORMATS.items(), strict=True):
            with column:
                exported = exported_model(spec, file_format)
                st.download_button(
                    f"Download model ({file_format})",
                    data=lambda file_format=file_format: exported_model(spec, file_format).content,
                    file_name=exported.file_name,
                    mime="application/octet-stream",
                    key=f"download_model_{file_format}",
                    width="stretch",
                )
                st.caption(caption)
                st.code(
                    "\n".join(load_lines(file_format, exported.file_name, exported.trusted)),
                    language="python",
                    wrap_lines=True,
                )
        description = exported_model(spec, "joblib")
        st.download_button(
            "Download its description (JSON: feature order, units, metrics, checksums)",
            data=lambda: exported_model(spec, "joblib").description_json(),
            file_name=description.file_name.replace(".joblib", ".json"),
            mime="application/json",
            key="download_model_description",
        )
        _http_ui(spec)


def _http_ui(spec: ModelSpec) -> None:
    query = "&".join(
        f"{key}={value}"
        for key, value in link_params(
            wine=spec.wine, kind=spec.kind, hyperparameters=spec.hyperparameters, scale=spec.scale
        ).items()
    )
    st.caption(
        f"Or ask this app: it answers `POST /api/predict?{query}` with the same predictions "
        "(see the README)."
    )
