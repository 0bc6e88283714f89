"""Wine Quality Lab: the entry point. Routes pages and draws the shared sidebar, nothing else."""

import streamlit as st

from ui.routing import app_pages, configure_page, draw_shell

configure_page()
page = st.navigation(app_pages())
draw_shell()
page.run()
