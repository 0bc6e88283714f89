"""The Predict page's lower sections: the most similar real wines, and scoring a file of wines."""

from __future__ import annotations

import streamlit as st

from core.batch import PREDICTION_COLUMN, score_upload, to_safe_csv
from core.errors import WineLabError
from core.explain import Neighbourhood
from ui.cache import stored_model
from ui.state import active_spec


def similar_wines_ui(neighbourhood: Neighbourhood) -> None:
    """The real wines nearest to the one on the sliders."""
    st.caption("Most similar real wines")
    st.dataframe(neighbourhood.similar, hide_index=True, key="similar")


def batch_ui() -> None:
    """Upload a CSV of wines, get it back scored."""
    st.subheader("Score a file of wines")
    st.caption(
        "A CSV with the 11 feature columns (named as in the UCI files or by key, separated by "
        "`;` or `,`). You get it back with a `predicted_quality` column."
    )
    upload = st.file_uploader("CSV of wines", type=["csv", "txt"], key="batch_upload")
    if upload is None:
        return
    spec = active_spec()
    try:
        scored = score_upload(stored_model(spec).result, upload.getvalue(), upload.name)
    except WineLabError as error:
        st.error(str(error))
        return
    st.success(f"Scored {len(scored)} wines with {spec.describe()}.")
    st.dataframe(scored.head(100), hide_index=True, key="batch_preview")
    st.download_button(
        "Download scored CSV",
        to_safe_csv(scored),
        file_name=upload.name.rsplit(".", 1)[0] + f"_{PREDICTION_COLUMN}.csv",
        mime="text/csv",
        key="batch_download",
    )
