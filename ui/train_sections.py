"""The Train page's sections: settings, the trained model's report, charts and the run history.

Each `*_ui` function draws one group and returns plain values; `pages/train.py` only lays them out.
"""

import dataclasses
import json
import time
from collections.abc import Sequence
from datetime import datetime

import pandas as pd
import streamlit as st

from core.alpha_payload import panel_parameters
from core.explain import standardized_coefficients
from core.memory_budget import MemoryBudgetError
from core.models import ModelSpec, get_kind
from core.network import epoch_curve, network_of
from core.regularisation import (
    PARAMETER,
    alpha_sentences,
    has_path,
    matters_from,
    rounded_for_people,
)
from core.report import held_out_accuracy
from core.runs import Run, Session, changes_since, visible_change
from core.scoring import predict_one
from core.store import StoredModel
from core.time_budget import (
    TIME_BUDGET_SECONDS,
    estimate_train_seconds,
    plan_validation_curve,
    teaching_parameter,
)
from core.train_result import CV_FOLDS, TrainResult, fit_gap
from i18n import N_, _, decimal, general, integer, p_, percent, say, signed
from ui import private_models
from ui.alpha_panel import alpha_panel
from ui.cache import (
    budget_message,
    fit_figure,
    has_model,
    kept_curve,
    measured_seconds,
    regularisation,
    residual_figure,
    stored_model,
    validation_curve,
    wine_frame,
)
from ui.charts import (
    HISTORY_COLUMNS,
    QUIET,
    alpha_error_spec,
    epoch_chart,
    feature_bars,
    history_chart,
    history_frame,
    regularisation_path_spec,
    validation_curve_chart,
)
from ui.export_ui import export_ui
from ui.presets import preset_buttons_ui, scaling_control
from ui.report_ui import model_report_button
from ui.session_keys import HISTORY, LAST_SHOWN, TRAINED
from ui.state import (
    active_spec,
    current_features,
    current_wine,
    curve_parameter_key,
    linked_curve_parameter,
    train_chart_titles,
    train_view,
    use_for_predictions,
)
from ui.theme import themed
from ui.training import about, importances_with_progress, progress_bar, train_with_progress
from ui.widgets import advanced_controls, hyperparameter_controls, model_kind_select, split_control
from ui.wine_tools import copy_link_ui
from ui.words import (
    delta_text,
    describe_spec,
    duration_text,
    gap_sentences,
    hyperparameter_name,
    kind_description,
    kind_label,
    named,
    sentences,
    wine_adjective,
    wine_name,
)

FAST_CURVE_POINTS, SLOW_CURVE_POINTS = 20, 8


def settings_ui() -> ModelSpec:
    """The kind, its hyperparameters and the split, as a spec."""
    preset_buttons_ui()
    kind = model_kind_select()
    st.caption(kind_description(kind))
    step_ui(kind, 2)
    params = hyperparameter_controls(kind)
    step_ui(kind, 3)
    scale = scaling_control(kind)
    step_ui(kind, 1)
    split = split_control()
    test_size, seed = advanced_controls()
    return ModelSpec.create(
        current_wine(), kind, test_size=test_size, seed=seed, scale=scale, split=split, **params
    )


SIX_STEPS = {
    1: N_("Step 1 of 6, prepare the data: the measurements are standardised and part of the "
          "wines held out below."),
    2: N_("Step 2 of 6, build the model: its layers, their units and their activation, and "
          "the L2 regulariser."),
    3: N_("Step 3 of 6, compile it: the Adam optimiser, the squared error as loss, RMSE as "
          "the metric."),
    4: N_("Step 4 of 6, train it with validation over epochs:"),
    5: N_("Step 5 of 6, evaluate it on the held-out wines:"),
    6: N_("Step 6 of 6, predict: the wine on the Predict page, scored by this network."),
}  # fmt: skip


def step_ui(kind: str, step: int) -> None:
    """Name a neural network's step of the six where it happens on the page."""
    if kind == "mlp":
        st.caption(_(SIX_STEPS[step]))


def epochs_ui(result: TrainResult) -> None:
    """A network's training loss and validation score over its epochs, the kept epoch and an
    early stop marked, with what they say in a sentence."""
    fitted = network_of(result.pipeline)
    if fitted is None:
        return
    step_ui(result.spec.kind, 4)
    curve = epoch_curve(fitted, done=True)
    st.plotly_chart(themed(epoch_chart(curve)), key="chart_epochs", config=QUIET)
    values = {"epochs": integer(curve.epochs), "best": integer(curve.best_epoch or 0)}
    if curve.stopped_early:
        st.caption(
            _(
                "The validation score stopped improving: training ended after {epochs} epochs "
                "and kept the weights of epoch {best}, before the network began to fit the "
                "training wines' noise.",
                **values,
            )
        )
    else:
        st.caption(
            _(
                "Training ran all {epochs} epochs without early stopping; more epochs fit the "
                "training wines ever closer, whether or not new wines gain.",
                **values,
            )
        )


def trained_model(spec: ModelSpec) -> tuple[StoredModel | None, bool]:
    """The model to show and whether it is the spec's own.

    Fast kinds, and models already kept, show at once; a slow kind waits for the Train button
    and meanwhile the last shown results stay, marked as the previous settings'.
    """
    trained = st.session_state.setdefault(TRAINED, set())
    if get_kind(spec.kind).fast or spec in trained or has_model(spec):
        get = stored_model
    elif st.button(p_("button", "Train"), type="primary", key="train"):
        get = train_with_progress
    else:
        st.info(_train_notice(spec))
        return _previous_results(spec), False
    try:
        stored = get(spec)
    except MemoryBudgetError as error:  # the budget cannot hold the model or its training
        st.error(budget_message(error))
        return _previous_results(spec), False
    trained.add(spec)
    st.session_state[LAST_SHOWN] = spec
    return stored, True


def _train_notice(spec: ModelSpec) -> str:
    """What pressing Train costs: the time measured on this server, or that it is not yet."""
    estimate = estimate_train_seconds(spec, measured_seconds(spec.wine, spec.kind))
    values = {"model": describe_spec(spec), "wine": wine_adjective(spec.wine)}
    if estimate is not None:
        return _(
            "{model} takes {time} on the {wine} wines (measured on this server): press **Train**.",
            time=about(estimate),
            **values,
        )
    return _(
        "{model} has not been trained on the {wine} wines here yet (its time is measured now "
        "and used for estimates after): press **Train**.",
        **values,
    )


def _previous_results(spec: ModelSpec) -> StoredModel | None:
    last: ModelSpec | None = st.session_state.get(LAST_SHOWN)
    if last is None or last.wine != spec.wine or not has_model(last):
        return None
    st.warning(
        _(
            "**Previous settings.** The results below are for **{model}**, not for the "
            "settings on the left, until you press Train.",
            model=describe_spec(last),
        )
    )
    return stored_model(last)


def add_run(spec: ModelSpec, stored: StoredModel) -> Run | None:
    """Record this setting in the session's runs; return the one shown before it, if any."""
    runs: Session = st.session_state.get(HISTORY) or Session()
    run = Run(spec, stored.result.summary(), time.monotonic(), datetime.now().strftime("%H:%M"))
    runs = runs.show(run)
    st.session_state[HISTORY] = runs
    return runs.previous


# Test metrics beside their change against always predicting the training wines' mean:
# (metric, label, delta colour: "inverse" where lower is better, help).
TEST_METRICS = (
    (
        "rmse",
        N_("Test RMSE"),
        "inverse",
        N_(
            "Root mean squared error on the held-out wines, in quality grades: large misses "
            "count more. The change is against always predicting the training wines' mean."
        ),
    ),
    (
        "mae",
        N_("Test MAE"),
        "inverse",
        N_(
            "Mean absolute error on the held-out wines: how many grades the prediction is "
            "off, on average."
        ),
    ),
    (
        "r2",
        N_("Test R²"),
        "normal",
        N_(
            "The share of the quality's spread among the held-out wines that the model "
            "explains: 1 is perfect, 0 no better than the mean."
        ),
    ),
)


def metrics_ui(stored: StoredModel, previous: Run | None, *, current: bool) -> None:
    result = stored.result
    test, base = result.test_metrics, result.baseline_metrics
    rmse, mae, r2, train_rmse = st.columns(4)
    train_rmse.metric(
        _("Training RMSE"),
        decimal(result.train_metrics.rmse, 3),
        help=_(
            "The same error on the wines the model was fitted on. Far below the test RMSE, "
            "the model has memorised its training wines rather than learned what they share."
        ),
    )
    for column, (name, label, colour, help_text) in zip((rmse, mae, r2), TEST_METRICS, strict=True):
        value, baseline = getattr(test, name), getattr(base, name)
        column.metric(
            _(label),
            decimal(value, 3),
            delta=delta_text(value - baseline, 3),
            delta_color=colour,
            delta_description=_("vs baseline"),
            help=_(help_text),
        )
    st.markdown(plain_accuracy(result))
    with st.expander(_("Details"), key="metrics_details"):
        st.markdown(
            _(
                "{folds}-fold CV RMSE on the training part: **{mean} ± {std}** · {train} "
                "training and {test} test wines · trained in {time} · baseline: always "
                "predicting the training wines' mean quality",
                folds=integer(CV_FOLDS),
                mean=decimal(result.cv_rmse_mean, 3),
                std=decimal(result.cv_rmse_std, 3),
                train=integer(result.train_rows),
                test=integer(result.test_rows),
                time=duration_text(result.train_seconds),
            )
        )
    st.markdown(gap_sentence(result))
    if current and previous is not None:
        st.caption(since_previous(result, previous))
    for notice in stored.notices:
        st.warning(notice)


def since_previous(result: TrainResult, previous: Run) -> str:
    """The change since the previous run, at the precision shown, or 'no visible change'."""
    changes = changes_since(result, previous)
    model = describe_spec(previous.spec)
    if not any(change is not None for change in changes.values()):
        return _(
            "Since your previous run ({model}): no visible change (test RMSE, MAE and R² agree "
            "to 3 decimals).",
            model=model,
        )
    shown = {
        name: _("no visible change") if change is None else signed(change, 3)
        for name, change in changes.items()
    }
    return _(
        "Since your previous run ({model}): test RMSE {rmse}, MAE {mae}, R² {r2}.",
        model=model,
        **shown,
    )


def plain_accuracy(result: TrainResult) -> str:
    """The test result as people say it: how often the grade is exact or one off, on wines
    the model never saw (no twin in training), against always guessing the average."""
    facts = held_out_accuracy(result, wine_frame(result.spec.wine))
    return _(
        "On {unseen} wines it had never seen, it gave the exact grade for about {exact} wines "
        "in 10 and was within one grade for about {within} in 10 (always guessing the "
        "average grade: {base_exact} and {base_within} in 10).",
        unseen=integer(facts.unseen_rows),
        exact=integer(round(facts.exact * 10)),
        within=integer(round(facts.within_one * 10)),
        base_exact=integer(round(facts.baseline_exact * 10)),
        base_within=integer(round(facts.baseline_within_one * 10)),
    )


def gap_sentence(result: TrainResult) -> str:
    """The train-versus-test gap in words: how much of the fit does not carry to new wines."""
    train, test = result.train_metrics.rmse, result.test_metrics.rmse
    by_gap = gap_sentences(train=decimal(train, 3), test=decimal(test, 3))
    return by_gap[fit_gap(train, test)]


def your_wine_ui(spec: ModelSpec, result: TrainResult) -> None:
    """The wine on the Predict page, scored by this model: alpha changes an answer."""
    prediction = predict_one(result, current_features())
    in_use = active_spec()
    change = (
        visible_change(
            prediction.quality,
            predict_one(stored_model(in_use).result, current_features()).quality,
            decimals=2,
        )
        if in_use != spec
        else None
    )
    st.metric(
        _("Your wine on Predict"),
        decimal(prediction.quality, 2),
        delta=None if change is None else delta_text(float(change.replace("−", "-")), 2),
        delta_color="off",
        delta_description=_("vs in use") if in_use != spec else None,
        help=_(
            "The predicted quality (0–10) of the wine set on the Predict page's sliders, by "
            "this model."
        ),
    )


def what_alpha_does_ui(spec: ModelSpec, result: TrainResult) -> None:
    """The regularisation path and the error along alpha, with the current alpha marked."""
    if not has_path(spec.kind):
        if get_kind(spec.kind).linear:
            st.caption(
                _(
                    "{model} has no regularisation: choose Ridge, Lasso or Elastic net to see "
                    "what alpha does to the coefficients and the error.",
                    model=kind_label(spec.kind),
                )
            )
        return
    path = regularisation(spec)
    alpha = spec.hyperparameters[PARAMETER]
    name = hyperparameter_name(get_kind(spec.kind).hyperparameter(PARAMETER))
    what_alpha_does_heading(spec, path)
    scaling_note_ui(spec, path)
    path_column, error_column = st.columns(2)
    with path_column:
        st.caption(_("Each feature's standardised coefficient: larger alpha shrinks them to 0."))
        st.plotly_chart(
            themed(regularisation_path_spec(path, alpha, name)), key="chart_path", config=QUIET
        )
    with error_column:
        st.caption(_("Error against alpha: the dots are this model's test and CV RMSE."))
        now = (result.test_metrics.rmse, result.cv_rmse_mean)
        st.plotly_chart(
            themed(alpha_error_spec(path, alpha, now, name)),
            key="chart_alpha_error",
            config=QUIET,
        )


def what_alpha_does_heading(spec: ModelSpec, path) -> None:
    """'**What alpha does** on the red wines', then where alpha matters, in sentences."""
    st.markdown(
        _(
            "**What alpha does** on the {wine} wines · {sentence}",
            wine=wine_adjective(spec.wine),
            sentence=sentences(say(sentence) for sentence in alpha_sentences(path)),
        )
    )


def _people(value: float) -> str:
    rounded = rounded_for_people(value)
    return decimal(rounded, 0) if rounded >= 1 else general(rounded)


def scaling_note_ui(spec: ModelSpec, path) -> None:
    """Where alpha starts to matter with and without scaling, and why the two differ."""
    other = regularisation(dataclasses.replace(spec, scale=not spec.scale))
    here, there = matters_from(path), matters_from(other)
    if here is None or there is None:
        return
    scaled, raw = (here, there) if spec.scale else (there, here)
    st.caption(
        _(
            "Scaling moves where alpha starts to matter: from about {scaled} on scaled "
            "features, about {raw} on raw measurements. The penalty weighs every coefficient "
            "alike, but on raw measurements a coefficient's size depends on its unit: density "
            "varies by thousandths and needs a huge coefficient, which the penalty shrinks "
            "first, while a feature measured in large numbers gets a small one that it barely "
            "touches. Scaled, every feature counts alike.",
            scaled=_people(scaled),
            raw=_people(raw),
        )
    )


def alpha_panel_ui(spec: ModelSpec, stored: StoredModel, previous: Run | None) -> None:
    """Ridge, Lasso and elastic net: the alpha panel refits in the browser while alpha moves
    (its numbers, coefficients and curves); what Python adds stays around it."""
    result = stored.result
    path = regularisation(spec)
    what_alpha_does_heading(spec, path)
    scaling_note_ui(spec, path)
    alpha_panel(spec, stored)
    st.caption(
        _(
            "{train} training and {test} test wines · trained in {time} · baseline: always "
            "predicting the training wines' mean quality",
            train=integer(result.train_rows),
            test=integer(result.test_rows),
            time=duration_text(result.train_seconds),
        )
    )
    if previous is not None:
        st.caption(since_previous(result, previous))
    for notice in stored.notices:
        st.warning(notice)


def charts_ui(spec: ModelSpec, stored: StoredModel) -> None:
    result = stored.result
    # Only the open tab is drawn: the validation curve alone costs 100 fits.
    titles = train_chart_titles()
    fit, errors, features, curve = st.tabs(
        list(titles.values()),
        default=titles[train_view()],
        key="train_tab",
        on_change="rerun",
    )
    if fit.open:
        with fit:
            st.plotly_chart(themed(fit_figure(spec)), key="chart_fit")
    if errors.open:
        with errors:
            st.plotly_chart(themed(residual_figure(spec)), key="chart_residuals")
    if features.open:
        with features:
            _features_ui(spec, result)
    if curve.open:
        with curve:
            validation_curve_ui(spec, result)


def _features_ui(spec: ModelSpec, result: TrainResult) -> None:
    coefficients = standardized_coefficients(result)
    if coefficients is not None:
        st.caption(
            _(
                "How much each measurement moves the predicted grade: the bar is the change "
                "for one typical step more of it (one standard deviation). Right: more of it "
                "raises the grade; left: lowers it."
            )
        )
        st.plotly_chart(
            themed(feature_bars(coefficients, _("Standardised coefficient"))), key="chart_coef"
        )
        return
    st.caption(
        _(
            "How much the model relies on each measurement: how much worse its predictions "
            "get when that measurement's values are shuffled among the wines (permutation "
            "importance, as a rise in RMSE)."
        )
    )
    table = importances_with_progress(spec)
    values = dict(zip(table["feature"], table["importance"], strict=True))
    st.plotly_chart(
        themed(feature_bars(values, _("Permutation importance (RMSE)"), table["std"].tolist())),
        key="chart_importance",
    )


def validation_curve_ui(spec: ModelSpec, result: TrainResult) -> None:
    kind = get_kind(spec.kind)
    if not kind.hyperparameters:
        st.info(_("{model} has no hyperparameter to vary.", model=kind_label(spec.kind)))
        return
    names = [h.name for h in kind.hyperparameters]
    linked = linked_curve_parameter()
    default = linked if linked in names else teaching_parameter(spec.kind)
    parameter = st.selectbox(
        _("Hyperparameter"),
        names,
        index=names.index(default),
        format_func=named(names, lambda name: hyperparameter_name(kind.hyperparameter(name))),
        key=curve_parameter_key(spec.kind),
    )
    wanted = FAST_CURVE_POINTS if kind.fast else SLOW_CURVE_POINTS
    plan = plan_validation_curve(result.fit_seconds, points=wanted)
    hyperparameter = kind.hyperparameter(parameter)
    if not kind.fast:
        st.caption(_curve_time_caption(plan, wanted))
    kept = kept_curve(spec, parameter, plan.points, plan.folds)
    if kept is not None:
        curve = kept
        if not kind.fast:
            st.caption(_("Computed before, here or in another session: shown at once."))
    elif not kind.fast and not st.button(_("Compute the validation curve"), key="curve_button"):
        return
    else:
        curve = _curve_with_progress(spec, parameter, plan.points, plan.folds)
    st.plotly_chart(
        themed(
            validation_curve_chart(
                curve,
                spec.hyperparameters[parameter],
                log=hyperparameter.log,
                axis_title=hyperparameter_name(hyperparameter),
                folds=plan.folds,
            )
        ),
        key="chart_curve",
        config=QUIET,
    )
    st.markdown(curve_gap_sentence(curve, spec.hyperparameters[parameter], hyperparameter))


def _curve_time_caption(plan, wanted: int) -> str:
    """How many fits the validation curve takes and how long, from this model's fit time."""
    values = {
        "points": integer(plan.points),
        "folds": integer(plan.folds),
        "time": about(plan.seconds),
    }
    if plan.cut:
        return _(
            "{points} values × {folds} folds (cut from {wanted} values × {all_folds} folds to "
            "fit {budget} s): {time}, from this model's fit time.",
            wanted=integer(wanted),
            all_folds=integer(CV_FOLDS),
            budget=integer(round(TIME_BUDGET_SECONDS)),
            **values,
        )
    return _("{points} values × {folds} folds: {time}, from this model's fit time.", **values)


def curve_gap_sentence(curve, current: float, hyperparameter) -> str:
    """The train-versus-validation gap at the current value and where validation is best."""
    at = min(range(len(curve.values)), key=lambda i: abs(curve.values[i] - current))
    best = min(range(len(curve.values)), key=lambda i: curve.cv_rmse[i])
    return _(
        "At {name} = {value}, training RMSE {train} against cross-validated {cv}: a gap of "
        "{gap}, what the model memorised. Cross-validation is lowest at {best}; where the two "
        "curves part as {name} grows, more capacity only fits the training wines' noise.",
        name=hyperparameter.label,
        value=general(curve.values[at]),
        train=decimal(curve.train_rmse[at], 3),
        cv=decimal(curve.cv_rmse[at], 3),
        gap=decimal(curve.cv_rmse[at] - curve.train_rmse[at], 3),
        best=general(curve.values[best]),
    )


def _curve_with_progress(spec: ModelSpec, parameter: str, points: int, folds: int):
    with progress_bar(_("Validation curve")) as on_step:
        return validation_curve(spec, parameter, points, folds, on_step)


# The run history as two static tables that wrap their words, so both fit a phone's width
# and a desktop page: what tells the runs apart first, the rest behind "Details", both by run.
HISTORY_MAIN = ("Run", "Model", "Wine", "Test RMSE", "CV RMSE")
HISTORY_DETAILS = (
    "Run", "Test MAE", "Test R²", "Held-out share", "Split seed", "Training time (s)", "At",
)  # fmt: skip
TERM = N_("**{column}**: {meaning}")


def history_cells(history: Sequence[Run]) -> pd.DataFrame:
    """Every run's figures as the words shown (the reader's number format; Streamlit's own
    follows the browser's locale, not the language chosen here), under English names."""
    table = history_frame(history)
    places = {name: 3 for name in HISTORY_COLUMNS if name != "Model"} | {"Training time (s)": 1}
    return table.assign(
        Run=[integer(value) for value in table["Run"]],
        Model=[describe_spec(run.spec) for run in history],
        Wine=[wine_name(run.spec.wine) for run in history],
        **{
            name: [decimal(value, digits) for value in table[name]]
            for name, digits in places.items()
        },
        **{
            "Held-out share": [percent(run.spec.test_size) for run in history],
            "Split seed": [str(run.spec.seed) for run in history],
        },
    )


def _history_table(cells: pd.DataFrame, columns: tuple[str, ...]) -> None:
    shown = cells[list(columns)].rename(columns=lambda name: _(name))
    st.table(shown.set_index(_("Run")), height="content" if len(shown) <= 10 else 420)


def history_ui() -> None:
    runs: Session = st.session_state.get(HISTORY) or Session()
    history = runs.history
    if not history:
        return
    st.header(_("Your runs in this session"))
    st.caption(_("A setting is recorded when you stop on it; settings passed on the way are not."))
    cells = history_cells(history)
    _history_table(cells, HISTORY_MAIN)
    with st.expander(_("Details: every run's other figures")):
        _history_table(cells, HISTORY_DETAILS)
        st.markdown(
            "\n".join(
                "- " + _(TERM, column=_(name), meaning=_(meaning))
                for name, meaning in HISTORY_COLUMNS.items()
                if name != "Model"
            )
        )
    if len(history) > 1:
        st.plotly_chart(themed(history_chart(history)), key="chart_history")


def actions_ui(spec: ModelSpec, stored: StoredModel) -> None:
    use, report, metrics_download = st.columns(3)
    in_use = active_spec() == spec and private_models.in_use(spec.wine) is None
    use.button(
        _("In use for predictions") if in_use else _("Use this model for predictions"),
        on_click=use_for_predictions,
        args=(spec,),
        disabled=in_use,
        type="primary",
        key="use_model",
    )
    with report:
        model_report_button(spec, stored.model_id)
    metrics_download.download_button(
        _("Download metrics (JSON)"),
        data=lambda: json.dumps({"model_id": stored.model_id} | stored.result.summary(), indent=2),
        file_name=f"wine-{spec.wine}-{spec.kind}-{stored.model_id}.json",
        mime="application/json",
        key="download_metrics",
    )


def report_ui(spec: ModelSpec) -> None:
    stored, current = trained_model(spec)
    if stored is None:
        return
    shown = stored.result.spec
    previous = add_run(spec, stored) if current else None
    step_ui(shown.kind, 5)
    if current and panel_parameters(spec.kind):
        alpha_panel_ui(spec, stored, previous)
    else:
        figures, wine = st.columns([3, 1])
        with figures:
            metrics_ui(stored, previous, current=current)
        with wine:
            step_ui(shown.kind, 6)
            your_wine_ui(shown, stored.result)
        epochs_ui(stored.result)
        what_alpha_does_ui(shown, stored.result)
    if current:
        actions_ui(spec, stored)
        copy_link_ui("train")
        export_ui(spec)
    charts_ui(shown, stored)
