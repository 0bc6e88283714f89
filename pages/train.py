"""train (coming next)."""

import streamlit as st

st.title("train")
