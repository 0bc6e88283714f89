"""Every key this app keeps in `st.session_state`, in one place, with the page that owns it.

A multipage app's session state is one dictionary shared by all its pages. Naming every key
here, as Streamlit's multipage examples do, shows at a glance what a page may read or write
and keeps two pages from using one key for two things. Widget keys are listed where code other
than the widget itself sets them (links, presets, the wine switch). The eleven sliders' values
live under the feature keys of `core.features.FEATURE_KEYS`; the Train controls under the
hyperparameters' names and `core.models.TEST_SIZE.name` / `SEED.name`.
"""

from __future__ import annotations

# Every page (ui/state.py, ui/routing.py, ui/sidebar.py)
WINE = "wine"  # the wine set: the sidebar's select, set by links and Predict's switch
ACTIVE_MODEL = "active_model"  # the ModelSpec every page predicts with
LINK_APPLIED = "link_applied"  # the URL's link has been read into this session
LINK_NOTICES = "link_notices"  # what a link could not use as it was; said once
LINK_VIEW = "link_view"  # the view choices a link asked for (Train, Explore, Evaluate)
SHELL_DRAWN = "_shell_drawn"  # this run's shell was drawn by app.py, not by the page

# Predict (pages/predict.py, ui/predict_sections.py, ui/slider_panel.py)
INITIAL_FEATURES = "initial_features"  # what "Reset" goes back to
FEATURES_WINE = "features_wine"  # the wine set the sliders were last set for
WINE_MOVED = "wine_moved"  # the sliders just moved to another wine's median: say so once
WINE_SWITCH = "wine_switch"  # the on-page red/white switch
REAL_WINE = "real_wine"  # the real wine "Random real wine" picked, while the sliders hold it
SLIDER_PANEL = "slider_panel"  # the slider panel component's state

# Train (pages/train.py)
KIND = "kind"  # the model kind select
SCALE = "scale"  # feature scaling of the linear kinds
TRAIN_TAB = "train_tab"  # the open chart
HISTORY = "history"  # this session's runs (core.runs.Session)
TRAINED = "trained_specs"  # specs this session has trained or seen trained
LAST_SHOWN = "train_last_shown"  # the spec whose results are on screen (kept for slow kinds)

# Evaluate (pages/evaluate.py)
OWN_RESULTS = "own_evaluations"  # the model in use, evaluated on demand
REC_MODE = "rec_mode"  # the fold mode of the REC chart

# Explore (pages/explore.py)
EXPLORE_FEATURE = "explore_feature"
EXPLORE_PLOT = "explore_plot"
SCATTER_X = "scatter_x"
SCATTER_Y = "scatter_y"
