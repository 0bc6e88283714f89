"""The floor: the same eleven sliders and one metric, no model — the least a rerun can cost."""

import streamlit as st

from core.features import FEATURES

st.set_page_config(page_title="Floor", layout="wide")
total = 0.0
columns = st.columns(2)
for index, feature in enumerate(FEATURES):
    with columns[index % 2]:
        total += st.slider(feature.label_with_unit, 0.0, 20.0, 10.0, step=0.1, key=feature.key)
st.metric("Predicted quality", f"{total:.1f}")
