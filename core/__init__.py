"""Wine Quality Lab's engine: data, models, training, store, scoring and explanations.

A plain Python package: it never imports Streamlit, so everything here is testable alone.
"""
