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
LANGUAGE = "language"  # the reader's language: the sidebar's select, from a link or the browser
WINE = "wine"  # the wine set: the sidebar's select, set by links and Predict's switch
ACTIVE_MODEL = "active_model"  # the ModelSpec every page predicts with
LINK_APPLIED = "link_applied"  # the URL's link has been read into this session
LINK_NOTICES = "link_notices"  # what a link could not use as it was; said once
LINK_VIEW = "link_view"  # the view choices a link asked for (Train, Explore, Evaluate)
LINK_MODEL = "link_model"  # the model a Train or Evaluate link shows, not (yet) in use
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
SPLIT = "split"  # how the held-out wines are drawn (core.models.SPLITS)
TRAIN_TAB = "train_tab"  # the open chart
HISTORY = "history"  # this session's runs (core.runs.Session)
TRAINED = "trained_specs"  # specs this session has trained or seen trained
LAST_SHOWN = "train_last_shown"  # the spec whose results are on screen (kept for slow kinds)
ALPHA_PANEL = "alpha_panel"  # the alpha panel component's state (ui/alpha_panel.py)

# Train's "Your own wines" section (ui/own_wines.py, ui/private_models.py): this session only
OWN_SHELF = "own_shelf"  # the uploaded wines and the models trained on them (never shared)
OWN_SECTION = "own_section"  # the section's expander (its key: one element across reruns)
OWN_OPENED = "own_opened"  # a file was picked: the section is drawn open from then on
OWN_UPLOAD = "own_upload"  # the file uploader
OWN_SOURCE = "own_source"  # train on your wines, or on the UCI wines and yours
OWN_FEATURE = "own_feature"  # the measurement whose distributions are drawn

# Evaluate (pages/evaluate.py)
OWN_RESULTS = "own_evaluations"  # the model in use, evaluated on demand
REC_MODE = "rec_mode"  # the fold mode of the REC chart
REC_CURVES = "rec_curves"  # the REC chart's chosen curves, by kind name or "own"
REC_OWN_SEEN = "rec_own_seen"  # the user's model's curve was offered (added once, then theirs)
TABLE_MEASURE = "table_measure"  # the table's measure: "mad" or a tolerance T

# Explore (pages/explore.py)
EXPLORE_FEATURE = "explore_feature"
EXPLORE_PLOT = "explore_plot"
SCATTER_X = "scatter_x"
SCATTER_Y = "scatter_y"
