"""Train's "Your own wines" section: upload a winery's labelled wines, see how they differ from
the UCI wines, whether the shared model works for them, and train on them.

Everything uploaded or trained here lives on this session's shelf (`ui.private_models`) and
nowhere else. `pages/train.py` calls `own_wines_ui(spec)` with the settings chosen above it.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from core.drift import FeatureDrift, biggest, compare
from core.errors import WineLabError
from core.labelled_upload import MIN_WINES, LabelledWines, TooFewWinesError, read_labelled
from core.memory_budget import MemoryBudgetError
from core.models import TEST_SIZE, ModelSpec
from core.own_model import SOURCES, OwnComparison, Score, compare_own, score_model
from core.store import StoredModel
from core.train import enough_wines, fewest_wines, smallest_test_size
from i18n import N_, _, decimal, integer, percent, say_error
from ui import private_models
from ui.cache import budget_message, stored_model, wine_frame
from ui.drift_chart import overlaid_distributions
from ui.private_models import PrivateModel, Shelf
from ui.report_ui import own_model_report_button
from ui.session_keys import OWN_FEATURE, OWN_OPENED, OWN_SECTION, OWN_SOURCE, OWN_UPLOAD
from ui.state import active_spec, current_wine
from ui.theme import themed
from ui.training import progress_bar
from ui.words import WINE_ADJECTIVES, describe_spec, feature_label, named

METRIC_HELP = {
    "mae": N_("Mean absolute error: the average distance between prediction and grade."),
    "rmse": N_("Root mean squared error: like the MAE, but large misses count more."),
    "right": N_(
        "Share of wines whose prediction rounds to their grade (at most half a grade off)."
    ),
    "within": N_("Share of wines predicted at most one grade from their grade."),
    "held": N_(
        "Share of wines whose grade lay inside the model's 90% interval: about 90% if the "
        "interval is right for your wines."
    ),
}
STALE = N_(
    "These results are for {model} trained on: {source}. Press Train on my wines for the "
    "settings above."
)
IN_USE = N_(
    "In use for predictions: the Predict page scores wines with the model trained on your wines."
)
BETTER = N_("Better on your held-out wines: RMSE {new} against {current} for the shared model.")
TOO_FEW_AT_SHARE = N_(
    "Your file has {distinct} different wines: enough to see how they differ from the UCI "
    "wines and how the shared model does on them, below, but too few to train a model on them "
    "with {share} held out, which needs {needed}. To train on them, set the held-out share "
    "above to {smallest} or more, or add wines."
)
TOO_FEW_AT_ANY_SHARE = N_(
    "Your file has {distinct} different wines: enough to see how they differ from the UCI "
    "wines and how the shared model does on them, below, but too few to train a model on "
    "them: {needed} are needed with {share} held out, and {most} even with the most, "
    "{largest}. To train on them, add wines."
)
EARLIER = N_(
    "Your wines from {name}, uploaded earlier in this session, are still here: upload a file "
    "to replace them, or close the tab to remove them."
)
NOT_BETTER = N_(
    "Not better on your held-out wines: RMSE {new} against {current} for the shared model. "
    "Keep the shared model, or try other settings or more wines."
)


def own_wines_ui(spec: ModelSpec) -> None:
    """The whole section, in an expander that opens for good once a file is picked.

    `expanded` once followed the upload, so the section closed in the browser while a second
    file replaced the first (the uploader's run without a file in between). Now a flag kept
    in the session (`OWN_OPENED`, set by the uploader) opens it and never closes it, and the
    expander's key keeps it the same element whatever else the page draws; opening or
    closing it by hand reruns nothing."""
    mine = private_models.shelf()
    if mine.wines is not None:
        st.session_state[OWN_OPENED] = True
    with st.expander(
        _("Your own wines: train on your winery's data"),
        expanded=bool(st.session_state.get(OWN_OPENED)),
        key=OWN_SECTION,
    ):
        if mine.expired:
            st.info(_("Your wines and the models trained on them were removed after an hour "
                      "without use. Upload the file again to go on."))  # fmt: skip
            mine.expired = False
        st.caption(
            _(
                "Upload your lab sheet: a CSV with the eleven measurements and `quality`, "
                "named as in the UCI files or by key, separated by `,` or `;`. It stays in this "
                "browser tab only: never saved, never in a link, never seen by anyone else, "
                "and removed when you close the tab or after an hour without use."
            )
        )
        wines = _upload_ui(mine)
        if wines is None:
            return
        trainable = _trainable_note(wines, spec)
        wine = current_wine()
        current = stored_model(active_spec())
        _drift_ui(wines, wine)
        _current_model_ui(wines, current)
        _train_ui(spec, wines, current, mine, trainable=trainable)


def _upload_ui(mine: Shelf) -> LabelledWines | None:
    upload = st.file_uploader(
        _("Your labelled wines (CSV)"), key=OWN_UPLOAD, on_change=_upload_changed, args=(mine,)
    )
    if upload is None:
        if mine.wines is None:
            return None
        # Train drawn again after another page: its uploader starts empty, the wines stay.
        st.info(_(EARLIER, name=mine.wines.source))
        _read_report(mine.wines)
        return mine.wines
    content = upload.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    if digest != mine.digest:
        mine.drop_wines()
        try:
            mine.hold(read_labelled(content, upload.name), digest)
        except WineLabError as error:
            st.error(_refusal(error))
            return None
    _read_report(mine.wines)
    return mine.wines


def _upload_changed(mine: Shelf) -> None:
    """A file picked keeps the section open; a file taken away takes its wines with it (an
    uploader drawn empty on coming back to Train changes nothing)."""
    st.session_state[OWN_OPENED] = True
    if st.session_state.get(OWN_UPLOAD) is None:
        mine.drop_wines()


def _refusal(error: WineLabError) -> str:
    if isinstance(error, MemoryBudgetError):
        return budget_message(error)
    if isinstance(error, TooFewWinesError):
        return _(
            "Only {usable} usable wines in this file ({bad} rows left out): at least {needed} "
            "are needed to compare them with the UCI wines and test a model on them. Nothing "
            "of it was used.",
            usable=integer(error.usable),
            bad=integer(error.bad),
            needed=integer(MIN_WINES),
        )
    return _("This file cannot be used: {reason} Nothing of it was used.", reason=say_error(error))


def _trainable_note(wines: LabelledWines, spec: ModelSpec) -> bool:
    """Say at once what the file can do: always compare and score; train only with enough
    different wines for the held-out share set above (`core.train.fewest_wines`, the minimum
    training itself checks). Returns whether it can be trained on."""
    if enough_wines(wines.distinct, spec.test_size):
        return True
    values = {
        "distinct": integer(wines.distinct),
        "share": percent(spec.test_size),
        "needed": integer(fewest_wines(spec.test_size)),
    }
    smallest = smallest_test_size(wines.distinct)
    if smallest is not None:
        text = _(TOO_FEW_AT_SHARE, smallest=percent(smallest), **values)
    else:
        largest = {
            "largest": percent(TEST_SIZE.high),
            "most": integer(fewest_wines(TEST_SIZE.high)),
        }
        text = _(TOO_FEW_AT_ANY_SHARE, **values, **largest)
    st.warning(text)
    return False


def _read_report(wines: LabelledWines) -> None:
    st.success(_("{count} wines read from {name}.", count=integer(wines.rows), name=wines.source))
    if wines.bad_rows:
        st.warning(
            _(
                "{count} rows were left out, each for the reason below; the other wines are used.",
                count=integer(len(wines.bad_rows)),
            )
        )
        table = pd.DataFrame(
            {
                _("Line"): [row.line for row in wines.bad_rows],
                _("Reason"): [_(row.message, **row.values) for row in wines.bad_rows],
            }
        )
        st.dataframe(
            table, hide_index=True, key="own_bad_rows", height=min(300, 38 + 35 * len(table))
        )
    if wines.duplicates:
        st.info(
            _(
                "{count} wines repeat the eleven measurements of an earlier wine exactly. They "
                "are kept, and a wine and its repeats are always held out together, so a model "
                "is never tested on a wine it has seen.",
                count=integer(wines.duplicates),
            )
        )


def _measurement(key: str) -> str:
    return feature_label(key).lower()


def _uci_wines(wine: str) -> str:
    return _("UCI red wines") if wine == "red" else _("UCI white wines")


def _drift_sentence(drift: FeatureDrift, wine: str) -> str:
    return _(
        drift.sentence,
        measurement=_measurement(drift.key),
        share=percent(drift.share),
        uci=_uci_wines(wine),
    )


def _ks_sentence(drift: FeatureDrift) -> str:
    return _(
        drift.words, measurement=_measurement(drift.key), statistic=decimal(drift.statistic, 2)
    )


def _drift_ui(wines: LabelledWines, wine: str) -> None:
    st.header(_("How your wines differ from the {uci}", uci=_uci_wines(wine)))
    uci = wine_frame(wine)
    drifts = compare(wines.frame, uci)
    notable = biggest(drifts)
    if not notable:
        st.success(
            _("No measurement differs much: your wines look like the {uci}.", uci=_uci_wines(wine))
        )
    for drift in notable or drifts[:1]:
        st.markdown(f"**{_drift_sentence(drift, wine)}** {_ks_sentence(drift)}")
    keys = [drift.key for drift in drifts]
    if st.session_state.get(OWN_FEATURE) not in keys:
        st.session_state[OWN_FEATURE] = keys[0]
    key = st.selectbox(
        _("Measurement"), keys, format_func=named(keys, feature_label), key=OWN_FEATURE
    )
    figure = overlaid_distributions(
        key, wines.frame[key].to_numpy(), uci[key].to_numpy(), uci_name=_uci_wines(wine)
    )
    st.plotly_chart(themed(figure), key="own_distributions", config={"displayModeBar": False})
    with st.expander(_("Details: every measurement")):
        st.caption(
            _(
                "The Kolmogorov–Smirnov statistic is the largest gap, over every value, between "
                "the share of your wines below it and the share of the UCI wines below it: 0 "
                "when the two distributions are the same, 1 when they do not overlap at all "
                "(SciPy's two-sample test; the p-value says how surprising such a gap would be "
                "if both were drawn from the same wines)."
            )
        )
        st.dataframe(_drift_table(drifts), hide_index=True, key="own_drift_table")


def _drift_table(drifts: tuple[FeatureDrift, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Measurement"): [feature_label(d.key) for d in drifts],
            _("Your median"): [decimal(d.your_median, 3) for d in drifts],
            _("UCI median"): [decimal(d.uci_median, 3) for d in drifts],
            _("Kolmogorov–Smirnov"): [decimal(d.statistic, 3) for d in drifts],
            _("p-value"): [f"{d.p_value:.2g}" for d in drifts],
        }
    )


def _current_model_ui(wines: LabelledWines, current: StoredModel) -> None:
    st.header(_("Does the shared model work for your wines?"))
    score = score_model(current.result, wines.frame)
    _score_metrics(score, key="own_current")
    st.caption(
        _(
            "{model}, trained on UCI wines, scored on all {count} of your wines before any "
            "training. On its own held-out UCI wines its RMSE was {rmse}.",
            model=describe_spec(current.result.spec),
            count=integer(score.wines),
            rmse=decimal(current.result.test_metrics.rmse, 3),
        )
    )


def _score_metrics(score: Score, *, key: str) -> None:
    mae, rmse, right, within, held = st.columns(5)
    mae.metric(_("MAE"), decimal(score.mae, 3), help=_(METRIC_HELP["mae"]))
    rmse.metric(_("RMSE"), decimal(score.rmse, 3), help=_(METRIC_HELP["rmse"]))
    right.metric(_("Right grade"), percent(score.right_grade), help=_(METRIC_HELP["right"]))
    within.metric(_("Within one grade"), percent(score.within_one), help=_(METRIC_HELP["within"]))
    held.metric(_("90% interval held"), percent(score.interval_held), help=_(METRIC_HELP["held"]))


def _train_ui(
    spec: ModelSpec, wines: LabelledWines, current: StoredModel, mine: Shelf, *, trainable: bool
) -> None:
    st.header(_("Train on your wines"))
    st.caption(
        _(
            "Trains the model set above ({model}) and holds out {share} of your wines (the "
            "test size above), keeping identical wines together. Both models are then scored "
            "on those same held-out wines, which neither has seen.",
            model=describe_spec(spec),
            share=percent(spec.test_size),
        )
    )
    source = st.radio(
        _("Train on"), list(SOURCES), format_func=named(SOURCES, lambda s: _(SOURCES[s])),
        key=OWN_SOURCE,
        horizontal=True,
    )  # fmt: skip
    pressed = st.button(
        _("Train on my wines"),
        type="primary",
        key="own_train",
        disabled=not trainable,
        help=None if trainable else _("Too few different wines for the held-out share: see above."),
    )
    if pressed:
        uci = wine_frame(spec.wine) if source == "both" else None
        try:
            with progress_bar(_("Training on your wines")) as on_step:
                comparison = compare_own(
                    spec, wines.frame, current.result, uci=uci, on_step=on_step
                )
            private_models.keep(mine, comparison, wines)
        except WineLabError as error:
            st.error(_refusal(error))
            return
    shown = _latest(mine)
    if shown is not None:
        _comparison_ui(shown, spec, source, mine)


def _latest(mine: Shelf) -> PrivateModel | None:
    """The last model trained on the wines now uploaded."""
    for private in reversed(mine.models.values()):
        if private.digest == mine.digest:
            return private
    return None


def _comparison_ui(private: PrivateModel, spec: ModelSpec, source: str, mine: Shelf) -> None:
    comparison = private.comparison
    trained = comparison.result.spec
    if trained != spec or comparison.source != source:
        source_label = _(SOURCES[comparison.source])
        st.warning(_(STALE, model=describe_spec(trained), source=source_label))
    # A static table wraps its words, so all three columns fit a phone's width.
    st.table(comparison_table(comparison).set_index(_("On your held-out wines")))
    counts = {"count": integer(comparison.new.wines), "train": integer(comparison.train_rows)}
    st.caption(
        _("On {count} of your wines held out; the new model learnt from {train} wines.", **counts)
    )
    rmse = {"new": decimal(comparison.new.rmse, 3), "current": decimal(comparison.current.rmse, 3)}
    model_id = private.stored.model_id
    if mine.in_use == model_id:
        st.success(_(IN_USE))
        st.button(
            _("Go back to the shared model"), key="own_stop", on_click=_stop_using, args=(mine,)
        )
    elif comparison.better:
        st.success(_(BETTER, **rmse))
        st.button(
            _("Use this model for predictions"),
            type="primary",
            key="own_use",
            on_click=_use,
            args=(mine, model_id),
        )
    else:
        st.warning(_(NOT_BETTER, **rmse))
    own_model_report_button(private)


def in_use_ui(private: PrivateModel) -> None:
    """Evaluate's account of the session's own model in use: measured on the winery's held-out
    wines (the comparison made on Train), beside the shared model on those same wines."""
    comparison = private.comparison
    st.header(_("The model in use, trained on your wines"))
    st.markdown(
        _(
            "You predict with **{model}**, trained on your wines. On {count} of your wines it "
            "had never seen, it was on average {mae} grade points from your grades, and within "
            "one grade for {within} of them:",
            model=describe_spec(comparison.result.spec),
            count=integer(comparison.new.wines),
            mae=decimal(comparison.new.mae, 2),
            within=percent(comparison.new.within_one),
        )
    )
    st.table(comparison_table(comparison).set_index(_("On your held-out wines")))
    st.info(
        _(
            "The paper's way of scoring, below, trains a model again and again on a whole "
            "public wine file, so it cannot use your wines (they stay in this tab). Below, "
            '"Your model" is the same kind with the same settings, trained and tested on '
            "the UCI {wine} wines.",
            wine=_(WINE_ADJECTIVES[comparison.result.spec.wine]),
        )
    )


def comparison_table(comparison: OwnComparison) -> pd.DataFrame:
    new, current = comparison.new, comparison.current
    return pd.DataFrame(
        {
            _("On your held-out wines"): [
                _("MAE"), _("RMSE"), _("Right grade"), _("Within one grade"),
                _("90% interval held"),
            ],
            _("Trained on your wines"): [
                decimal(new.mae, 3), decimal(new.rmse, 3), percent(new.right_grade),
                percent(new.within_one),
                _("not measured: its range was set on these wines"),
            ],
            _("Shared model (UCI wines)"): [
                decimal(current.mae, 3), decimal(current.rmse, 3), percent(current.right_grade),
                percent(current.within_one), percent(current.interval_held),
            ],
        }
    )  # fmt: skip


def _use(mine: Shelf, model_id: str) -> None:
    mine.in_use = model_id


def _stop_using(mine: Shelf) -> None:
    mine.in_use = None
