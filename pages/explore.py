"""explore (coming next)."""

import streamlit as st

st.title("explore")
