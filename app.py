"""Wine Quality Lab: the entry point. Routes pages and draws the shared sidebar; also the
server, with the JSON routes beside the pages and a warm-up before the first visitor.

`streamlit run app.py` imports this file as the module `app` and serves the `st.App` below;
Streamlit then runs the same file as each session's page script, in a module named
`__main__`, and that branch routes the pages.
"""

import streamlit as st

if __name__ == "__main__":
    from ui.routing import app_pages, configure_page, draw_shell

    configure_page()
    page = st.navigation(app_pages())
    draw_shell(page.url_path)
    page.run()
else:
    from core.memory_budget import limit_malloc_arenas
    from web.routes import api_routes, warm_up

    limit_malloc_arenas()  # before the server's threads: see core.memory_budget
    app = st.App("app.py", routes=api_routes(), lifespan=warm_up)
