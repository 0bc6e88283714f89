"""Train: choose a model kind and its hyperparameters, and see what they do to the error."""

import streamlit as st

from i18n import _
from ui.own_wines import own_wines_ui
from ui.routing import ensure_shell
from ui.state import current_features, train_link_view, write_link
from ui.train_sections import history_ui, report_ui, settings_ui

ensure_shell()
st.title(_("Train a model"))
settings, report = st.columns([1, 3], gap="large")
with settings:
    spec = settings_ui()
write_link(spec=spec, features=current_features(), view=train_link_view(spec.kind))
with report:
    report_ui(spec)
own_wines_ui(spec)
history_ui()
