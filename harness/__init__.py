"""What the tests and the benchmark both need to use the app for real.

`harness.server` serves the app (`streamlit run` on a free port, its own model store),
`harness.browser` holds how Chromium is launched, and `harness.streamlit_client` is a
browser-less session over Streamlit's websocket. Importing any of them starts nothing.
"""
