"""Wine Quality Lab: the entry point. Routes pages and draws the shared sidebar, nothing else."""

import streamlit as st

from ui.sidebar import draw_sidebar, show_link_notices
from ui.state import apply_link_once, follow_wine

st.set_page_config(page_title="Wine Quality Lab", page_icon="🍷", layout="wide")
page = st.navigation(
    [
        st.Page(
            "pages/predict.py",
            title="Predict",
            icon=":material/tune:",
            url_path="predict",
            default=True,
        ),
        st.Page(
            "pages/train.py", title="Train", icon=":material/model_training:", url_path="train"
        ),
        st.Page(
            "pages/explore.py", title="Explore", icon=":material/bar_chart:", url_path="explore"
        ),
    ]
)
apply_link_once()
draw_sidebar()
follow_wine()
show_link_notices()
page.run()
