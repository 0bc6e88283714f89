"""The Train page's "use this model outside the app" section: the model as files anyone can
load, the three lines that load each, and the same model over HTTP."""

from __future__ import annotations

import urllib.parse

import streamlit as st

from core.export import api_request, load_lines
from core.model_card import bundle
from core.models import ModelSpec
from i18n import N_, _
from ui.cache import exported_model, stored_model, wine_frame
from web.routes import GUIDE_PATH

_FORMATS = {
    "joblib": N_("A plain scikit-learn pipeline: loads with scikit-learn, joblib and NumPy alone."),
    "skops": N_("The same pipeline in skops's format, which loads without running pickled code."),
}


def export_ui(spec: ModelSpec) -> None:
    """Download buttons for the joblib and skops files and their JSON description.

    Their data is handed over as callables, made when clicked: bytes given directly would be
    stored as media on every rerun, and a fast rerun would drop a file the browser still
    checks (a 404 in its console).
    """
    with st.expander(_("Use this model outside the app"), icon=":material/download:"):
        _bundle_ui(spec)
        columns = st.columns(len(_FORMATS))
        for column, (file_format, caption) in zip(columns, _FORMATS.items(), strict=True):
            with column:
                exported = exported_model(spec, file_format)
                st.download_button(
                    _("Download model ({format})", format=file_format),
                    data=lambda file_format=file_format: exported_model(spec, file_format).content,
                    file_name=exported.file_name,
                    mime="application/octet-stream",
                    key=f"download_model_{file_format}",
                    width="stretch",
                )
                st.caption(_(caption))
                st.code(
                    "\n".join(load_lines(file_format, exported.file_name, exported.trusted)),
                    language="python",
                    wrap_lines=True,
                )
        description = exported_model(spec, "joblib")
        st.download_button(
            _("Download its description (JSON: feature order, units, metrics, checksums)"),
            data=lambda: exported_model(spec, "joblib").description_json(),
            file_name=description.file_name.replace(".joblib", ".json"),
            mime="application/json",
            key="download_model_description",
        )
        _http_ui(spec)


@st.cache_data(show_spinner=False, max_entries=8)
def model_bundle(spec: ModelSpec) -> bytes:
    """The zip of a model: its joblib file, its JSON description and its model card."""
    return bundle(stored_model(spec), wine_frame(spec.wine))


def _bundle_ui(spec: ModelSpec) -> None:
    stem = exported_model(spec, "joblib").file_name.removesuffix(".joblib")
    st.download_button(
        _("Download the model with its model card (zip)"),
        data=lambda: model_bundle(spec),
        file_name=f"{stem}.zip",
        mime="application/zip",
        key="download_model_bundle",
        type="primary",
    )
    st.caption(
        _(
            "One file to keep or publish: the model, its description (JSON) and a model card "
            "(README.md, in the Hugging Face format) that says what it is for, on which data "
            "it was trained, how accurate it is on wines it never saw, its limits and how to "
            "load it."
        )
    )


def _http_ui(spec: ModelSpec) -> None:
    """The same model over HTTP: a complete request, key names included, and where to read
    more (both served by this app, so the links work wherever it runs)."""
    st.markdown(
        _(
            "Or ask this app over HTTP: `POST /api/predict` answers with the same predictions, "
            "each with its 90% interval. The query names this model exactly; each wine is the "
            "11 measurements by these keys (or by the UCI file's column names, or as a list in "
            "the file's column order):"
        )
    )
    st.code(api_request(spec, _origin()), language="bash", wrap_lines=True)
    st.markdown(
        _(
            "[How to call it]({guide}) (the README's section) · "
            "[The API's OpenAPI document]({openapi})",
            guide=GUIDE_PATH,
            openapi="/api/openapi.json",
        )
    )


def _origin() -> str:
    """Where the visitor reached this app ('http://localhost:8501'), for a request that works
    when pasted."""
    url = urllib.parse.urlsplit(st.context.url or "http://localhost:8501")
    return f"{url.scheme}://{url.netloc}"
