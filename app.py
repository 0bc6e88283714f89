"""Wine Quality Lab: the entry point. Routes pages and draws the shared sidebar, nothing else."""

import streamlit as st

st.set_page_config(page_title="Wine Quality Lab", page_icon="🍷", layout="wide")
st.navigation([st.Page("pages/predict.py", title="Predict", icon="🎚️", url_path="predict")]).run()
