"""Predict: placeholder until the pages land."""

import streamlit as st

st.title("Wine Quality Lab")
st.write("The pages are on their way.")
