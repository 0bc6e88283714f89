"""The floor: the same eleven sliders and one metric, no model — the least a rerun can cost.

It imports nothing of the app's but the garbage-collection freeze the app uses too (without
it, the full collection Streamlit runs after every rerun costs a page more than drawing it),
so that the ratio to the floor is the cost of the page's own work.
"""

import streamlit as st

from ui.gc_freeze import freeze_imported_objects

# Keys as on the Predict page; alcohol's label too, as the benchmark's clients move it by label.
SLIDERS = {
    "fixed_acidity": "Fixed acidity",
    "volatile_acidity": "Volatile acidity",
    "citric_acid": "Citric acid",
    "residual_sugar": "Residual sugar",
    "chlorides": "Chlorides",
    "free_sulfur_dioxide": "Free sulfur dioxide",
    "total_sulfur_dioxide": "Total sulfur dioxide",
    "density": "Density",
    "ph": "pH",
    "sulphates": "Sulphates",
    "alcohol": "Alcohol (% vol.)",
}

st.set_page_config(page_title="Floor", layout="wide")
freeze_imported_objects()
total = 0.0
columns = st.columns(2)
for index, (key, label) in enumerate(SLIDERS.items()):
    with columns[index % 2]:
        total += st.slider(label, 0.0, 20.0, 10.0, step=0.1, key=key)
st.metric("Predicted quality", f"{total:.1f}")
