"""The page layer's shared pieces: caching, session and URL state, widget groups and charts.

Everything here may import Streamlit; nothing here decides a number (that is `core`'s job).
"""
