"""The app's HTTP face: JSON routes served beside the pages and their OpenAPI document.

Like a page, nothing here decides a number: it checks the request, asks `core` and shapes the
answer. It may import Streamlit's runtime (the routes share the pages' caches).
"""
