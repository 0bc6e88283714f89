"""The floor: the same eleven sliders and one metric, no model — the least a rerun can cost.

It imports nothing of the app's but the garbage-collection freeze the app uses too (without
it, the full collection Streamlit runs after every rerun costs a page more than drawing it),
so that the ratio to the floor is the cost of the page's own work.
"""

import streamlit as st

from ui.collector import freeze_imported_objects

LABELS = [
    "Fixed acidity",
    "Volatile acidity",
    "Citric acid",
    "Residual sugar",
    "Chlorides",
    "Free sulfur dioxide",
    "Total sulfur dioxide",
    "Density",
    "pH",
    "Sulphates",
    "Alcohol (% vol.)",  # the label the benchmark's clients move
]

st.set_page_config(page_title="Floor", layout="wide")
freeze_imported_objects()
total = 0.0
columns = st.columns(2)
for index, label in enumerate(LABELS):
    with columns[index % 2]:
        total += st.slider(label, 0.0, 20.0, 10.0, step=0.1, key=f"feature_{index}")
st.metric("Predicted quality", f"{total:.1f}")
