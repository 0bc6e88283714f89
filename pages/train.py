"""Train: choose a model kind and its hyperparameters, and see what they do to the error."""

import json
import time
from datetime import datetime

import streamlit as st

from core.explain import standardized_coefficients
from core.models import ModelSpec, get_kind
from core.regularisation import PARAMETER, has_path, where_alpha_matters
from core.runs import Run, Session, visible_change
from core.scoring import predict_one
from core.store import StoredModel
from core.train import (
    CV_FOLDS,
    TIME_BUDGET_SECONDS,
    TrainResult,
    estimate_train_seconds,
    plan_validation_curve,
    teaching_parameter,
)
from ui.cache import (
    fit_figure,
    has_model,
    measured_seconds,
    regularisation,
    residual_figure,
    stored_model,
    validation_curve,
)
from ui.charts import (
    HISTORY_COLUMNS,
    QUIET,
    alpha_error_spec,
    feature_bars,
    history_chart,
    history_frame,
    regularisation_path_spec,
    validation_curve_chart,
)
from ui.export_ui import export_ui
from ui.presets import preset_buttons_ui, scaling_control
from ui.routing import ensure_shell
from ui.session_keys import ACTIVE_MODEL, HISTORY, LAST_SHOWN, TRAINED
from ui.state import (
    TRAIN_VIEWS,
    active_spec,
    current_features,
    current_wine,
    train_view,
    write_link,
)
from ui.training import about, importances_with_progress, progress_bar, train_with_progress
from ui.widgets import advanced_controls, hyperparameter_controls, model_kind_select

FAST_CURVE_POINTS, SLOW_CURVE_POINTS = 20, 8


def settings_ui() -> ModelSpec:
    """The kind, its hyperparameters and the split, as a spec."""
    preset_buttons_ui()
    kind = model_kind_select()
    st.caption(get_kind(kind).description)
    params = hyperparameter_controls(kind)
    scale = scaling_control(kind)
    test_size, seed = advanced_controls()
    return ModelSpec.create(
        current_wine(), kind, test_size=test_size, seed=seed, scale=scale, **params
    )


def duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def trained_model(spec: ModelSpec) -> tuple[StoredModel | None, bool]:
    """The model to show and whether it is the spec's own.

    Fast kinds, and models already kept, show at once; a slow kind waits for the Train button
    and meanwhile the last shown results stay, marked as the previous settings'.
    """
    trained = st.session_state.setdefault(TRAINED, set())
    if get_kind(spec.kind).fast or spec in trained or has_model(spec):
        stored = stored_model(spec)
    elif st.button("Train", type="primary", key="train"):
        stored = train_with_progress(spec)
    else:
        estimate = estimate_train_seconds(spec, measured_seconds(spec.wine, spec.kind))
        took = (
            f"takes {about(estimate)} on the {spec.wine} wines (measured on this server)"
            if estimate is not None
            else f"has not been trained on the {spec.wine} wines here yet (its time is measured "
            "now and used for estimates after)"
        )
        st.info(f"{spec.describe()} {took}: press **Train**.")
        return _previous_results(spec), False
    trained.add(spec)
    st.session_state[LAST_SHOWN] = spec
    return stored, True


def _previous_results(spec: ModelSpec) -> StoredModel | None:
    last: ModelSpec | None = st.session_state.get(LAST_SHOWN)
    if last is None or last.wine != spec.wine or not has_model(last):
        return None
    st.warning(
        f"**Previous settings.** The results below are for **{last.describe()}**, not for "
        "the settings on the left, until you press Train."
    )
    return stored_model(last)


def add_run(spec: ModelSpec, stored: StoredModel) -> Run | None:
    """Record this setting in the session's runs; return the one shown before it, if any."""
    runs: Session = st.session_state.get(HISTORY) or Session()
    run = Run(spec, stored.result.summary(), time.monotonic(), datetime.now().strftime("%H:%M"))
    runs = runs.show(run)
    st.session_state[HISTORY] = runs
    return runs.previous


def metrics_ui(stored: StoredModel, previous: Run | None, *, current: bool) -> None:
    result = stored.result
    test, base = result.test_metrics, result.baseline_metrics
    rmse, mae, r2 = st.columns(3)
    rmse.metric(
        "Test RMSE",
        f"{test.rmse:.3f}",
        delta=f"{test.rmse - base.rmse:+.3f}",
        delta_color="inverse",
        delta_description="vs baseline",
    )
    mae.metric(
        "Test MAE",
        f"{test.mae:.3f}",
        delta=f"{test.mae - base.mae:+.3f}",
        delta_color="inverse",
        delta_description="vs baseline",
    )
    r2.metric(
        "Test R²",
        f"{test.r2:.3f}",
        delta=f"{test.r2 - base.r2:+.3f}",
        delta_description="vs baseline",
    )
    st.markdown(
        f"{CV_FOLDS}-fold CV RMSE on the training part: **{result.cv_rmse_mean:.3f} ± "
        f"{result.cv_rmse_std:.3f}** · {result.train_rows} training and "
        f"{result.test_rows} test wines · trained in {duration(result.train_seconds)} · "
        "baseline: always predicting the training wines' mean quality"
    )
    if current and previous is not None:
        st.caption(since_previous(result, previous))
    for notice in stored.notices:
        st.warning(notice)


def since_previous(result: TrainResult, previous: Run) -> str:
    """The change since the previous run, at the precision shown, or 'no visible change'."""
    before = previous.summary["test_metrics"]
    now = result.test_metrics
    changes = {
        "test RMSE": visible_change(now.rmse, before["rmse"]),
        "MAE": visible_change(now.mae, before["mae"]),
        "R²": visible_change(now.r2, before["r2"]),
    }
    head = f"Since your previous run ({previous.spec.describe()}): "
    if not any(changes.values()):
        return head + "no visible change (test RMSE, MAE and R² agree to 3 decimals)."
    return head + ", ".join(
        f"{name} {change}" if change else f"{name} no visible change"
        for name, change in changes.items()
    )


def your_wine_ui(spec: ModelSpec, result: TrainResult) -> None:
    """The wine on the Predict page, scored by this model: alpha changes an answer."""
    prediction = predict_one(result, current_features())
    in_use = active_spec()
    st.metric(
        "Your wine on Predict",
        f"{prediction.quality:.2f}",
        delta=visible_change(
            prediction.quality,
            predict_one(stored_model(in_use).result, current_features()).quality,
            decimals=2,
        )
        if in_use != spec
        else None,
        delta_color="off",
        delta_description="vs in use" if in_use != spec else None,
        help="The predicted quality (0–10) of the wine set on the Predict page's sliders, by "
        "this model.",
    )


def what_alpha_does_ui(spec: ModelSpec, result: TrainResult) -> None:
    """The regularisation path and the error along alpha, with the current alpha marked."""
    if not has_path(spec.kind):
        if get_kind(spec.kind).linear:
            st.caption(
                f"{get_kind(spec.kind).label} has no regularisation: choose Ridge, Lasso or "
                "Elastic net to see what alpha does to the coefficients and the error."
            )
        return
    path = regularisation(spec)
    alpha = spec.hyperparameters[PARAMETER]
    name = get_kind(spec.kind).hyperparameter(PARAMETER).display_name
    st.markdown(f"**What alpha does** on the {spec.wine} wines · {where_alpha_matters(path)}")
    path_column, error_column = st.columns(2)
    with path_column:
        st.caption("Each feature's standardised coefficient: larger alpha shrinks them to 0.")
        st.plotly_chart(regularisation_path_spec(path, alpha, name), key="chart_path", config=QUIET)
    with error_column:
        st.caption("Error against alpha: the dots are this model's test and CV RMSE.")
        now = (result.test_metrics.rmse, result.cv_rmse_mean)
        st.plotly_chart(
            alpha_error_spec(path, alpha, now, name), key="chart_alpha_error", config=QUIET
        )


def charts_ui(spec: ModelSpec, stored: StoredModel) -> None:
    result = stored.result
    # Only the open tab is drawn: the validation curve alone costs 100 fits.
    fit, errors, features, curve = st.tabs(
        list(TRAIN_VIEWS.values()),
        default=TRAIN_VIEWS[train_view()],
        key="train_tab",
        on_change="rerun",
    )
    if fit.open:
        with fit:
            st.plotly_chart(fit_figure(spec), key="chart_fit")
    if errors.open:
        with errors:
            st.plotly_chart(residual_figure(spec), key="chart_residuals")
    if features.open:
        with features:
            _features_ui(spec, result)
    if curve.open:
        with curve:
            validation_curve_ui(spec, result)


def _features_ui(spec: ModelSpec, result: TrainResult) -> None:
    coefficients = standardized_coefficients(result)
    if coefficients is not None:
        st.caption("Change in predicted quality per standard deviation of each feature.")
        st.plotly_chart(feature_bars(coefficients, "Standardised coefficient"), key="chart_coef")
        return
    st.caption("Rise in test RMSE when each feature is shuffled (permutation importance).")
    table = importances_with_progress(spec)
    values = dict(zip(table["feature"], table["importance"], strict=True))
    st.plotly_chart(
        feature_bars(values, "Permutation importance (RMSE)", table["std"].tolist()),
        key="chart_importance",
    )


def validation_curve_ui(spec: ModelSpec, result: TrainResult) -> None:
    kind = get_kind(spec.kind)
    if not kind.hyperparameters:
        st.info(f"{kind.label} has no hyperparameter to vary.")
        return
    names = [h.name for h in kind.hyperparameters]
    default = teaching_parameter(spec.kind)
    parameter = st.selectbox(
        "Hyperparameter",
        names,
        index=names.index(default),
        format_func=lambda name: kind.hyperparameter(name).display_name,
        key=f"curve_parameter_{spec.kind}",
    )
    wanted = FAST_CURVE_POINTS if kind.fast else SLOW_CURVE_POINTS
    plan = plan_validation_curve(result.fit_seconds, points=wanted)
    hyperparameter = kind.hyperparameter(parameter)
    if not kind.fast:
        cut = (
            f" (cut from {wanted} values × {CV_FOLDS} folds to fit {TIME_BUDGET_SECONDS:.0f} s)"
            if plan.cut
            else ""
        )
        st.caption(
            f"{plan.points} values × {plan.folds} folds{cut}: {about(plan.seconds)}, from this "
            "model's fit time."
        )
        if not st.button("Compute the validation curve", key="curve_button"):
            return
    curve = _curve_with_progress(spec, parameter, plan.points, plan.folds)
    st.plotly_chart(
        validation_curve_chart(
            curve,
            spec.hyperparameters[parameter],
            log=hyperparameter.log,
            axis_title=hyperparameter.display_name,
            folds=plan.folds,
        ),
        key="chart_curve",
        config=QUIET,
    )


def _curve_with_progress(spec: ModelSpec, parameter: str, points: int, folds: int):
    with progress_bar("Validation curve") as on_step:
        return validation_curve(spec, parameter, points, folds, on_step)


def history_ui() -> None:
    runs: Session = st.session_state.get(HISTORY) or Session()
    history = runs.history
    if not history:
        return
    st.subheader("Your runs in this session")
    st.caption("A setting is recorded when you stop on it; settings passed on the way are not.")
    table = history_frame(history)
    st.dataframe(
        table,
        hide_index=True,
        key="history_table",
        column_config={
            **{
                name: st.column_config.NumberColumn(name, format="%.3f", help=help_text)
                for name, help_text in HISTORY_COLUMNS.items()
                if name != "Model"
            },
            "Training time (s)": st.column_config.NumberColumn(format="%.1f"),
            "Model": st.column_config.TextColumn(width="large"),
        },
    )
    if len(history) > 1:
        st.plotly_chart(history_chart(history), key="chart_history")


def _use_for_predictions(spec: ModelSpec) -> None:
    st.session_state[ACTIVE_MODEL] = spec


def actions_ui(spec: ModelSpec, stored: StoredModel) -> None:
    use, metrics_download = st.columns(2)
    in_use = active_spec() == spec
    use.button(
        "In use for predictions" if in_use else "Use this model for predictions",
        on_click=_use_for_predictions,
        args=(spec,),
        disabled=in_use,
        type="primary",
        key="use_model",
    )
    metrics_download.download_button(
        "Download metrics (JSON)",
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
    figures, wine = st.columns([3, 1])
    with figures:
        metrics_ui(stored, previous, current=current)
    with wine:
        your_wine_ui(shown, stored.result)
    what_alpha_does_ui(shown, stored.result)
    if current:
        actions_ui(spec, stored)
        export_ui(spec)
    charts_ui(shown, stored)


ensure_shell()
st.title("Train a model")
settings, report = st.columns([1, 3], gap="large")
with settings:
    spec = settings_ui()
write_link(spec=spec, view={"chart": train_view()})
with report:
    report_ui(spec)
history_ui()
