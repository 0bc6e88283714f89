"""Train: choose a model kind and its hyperparameters, and see what they do to the error."""

import json
from datetime import datetime

import pandas as pd
import streamlit as st

from core.explain import standardized_coefficients
from core.models import ModelSpec, get_kind
from core.store import StoredModel
from core.train import TrainResult
from ui.cache import (
    fit_figure,
    importances,
    residual_figure,
    stored_model,
    validation_curve,
)
from ui.charts import feature_bars, history_chart, validation_curve_chart
from ui.export_ui import export_ui
from ui.presets import preset_buttons_ui, scaling_control
from ui.routing import ensure_shell
from ui.state import ACTIVE_MODEL, HISTORY, active_spec, current_wine, write_link
from ui.widgets import advanced_controls, hyperparameter_controls, model_kind_select

TRAINED = "trained_specs"
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


def trained_model(spec: ModelSpec) -> StoredModel | None:
    """Train at once for fast kinds; slow kinds wait for the Train button."""
    trained = st.session_state.setdefault(TRAINED, set())
    waits = not get_kind(spec.kind).fast and spec not in trained
    if waits and not st.button("Train", type="primary", key="train"):
        st.info(f"{get_kind(spec.kind).label} takes a few seconds: press **Train**.")
        return None
    # A spinner shows only after 0.5 s (slow kinds); st.status cost 50 ms a rerun, hit or not.
    with st.spinner(f"Training {spec.describe()}…"):
        stored = stored_model(spec)
    trained.add(spec)
    return stored


def record_run(spec: ModelSpec, stored: StoredModel) -> dict | None:
    """Add a run to this session's history; return the previous run, if any."""
    history: list[dict] = st.session_state.setdefault(HISTORY, [])
    if history and history[-1]["spec"] == spec:
        return history[-2] if len(history) > 1 else None
    result = stored.result
    history.append(
        {
            "spec": spec,
            "run": len(history) + 1,
            "model": spec.describe(),
            "wine": spec.wine,
            "test size": spec.test_size,
            "seed": spec.seed,
            "test RMSE": result.test_metrics.rmse,
            "MAE": result.test_metrics.mae,
            "R²": result.test_metrics.r2,
            "CV RMSE": result.cv_rmse_mean,
            "fit (s)": result.fit_seconds,
            "time": datetime.now().strftime("%H:%M:%S"),
        }
    )
    return history[-2] if len(history) > 1 else None


def metrics_ui(stored: StoredModel, previous: dict | None) -> None:
    result = stored.result
    test, base = result.test_metrics, result.baseline_metrics
    rmse, mae, r2 = st.columns(3)
    rmse.metric(
        "Test RMSE",
        f"{test.rmse:.3f}",
        delta=f"{test.rmse - base.rmse:+.3f}",
        delta_color="inverse",
        delta_description="vs always-the-mean baseline",
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
        f"5-fold CV RMSE on the training part: **{result.cv_rmse_mean:.3f} ± "
        f"{result.cv_rmse_std:.3f}** · {result.train_rows} training and "
        f"{result.test_rows} test wines"
    )
    if previous is not None:
        st.caption(
            f"Since your previous run ({previous['model']}): RMSE "
            f"{test.rmse - previous['test RMSE']:+.4f}, MAE {test.mae - previous['MAE']:+.4f}, "
            f"R² {test.r2 - previous['R²']:+.4f}"
        )
    for notice in stored.notices:
        st.warning(notice)


def charts_ui(spec: ModelSpec, stored: StoredModel) -> None:
    result = stored.result
    # Only the open tab is drawn: the validation curve alone costs 100 fits.
    fit, errors, features, curve = st.tabs(
        ["Predicted vs actual", "Residuals", "What the model uses", "Validation curve"],
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
            validation_curve_ui(spec)


def _features_ui(spec: ModelSpec, result: TrainResult) -> None:
    coefficients = standardized_coefficients(result)
    if coefficients is not None:
        st.caption("Change in predicted quality per standard deviation of each feature.")
        st.plotly_chart(feature_bars(coefficients, "Standardised coefficient"), key="chart_coef")
        return
    st.caption("Rise in test RMSE when each feature is shuffled (permutation importance).")
    table = importances(spec)
    values = dict(zip(table["feature"], table["importance"], strict=True))
    st.plotly_chart(
        feature_bars(values, "Permutation importance (RMSE)", table["std"].tolist()),
        key="chart_importance",
    )


def validation_curve_ui(spec: ModelSpec) -> None:
    kind = get_kind(spec.kind)
    if not kind.hyperparameters:
        st.info(f"{kind.label} has no hyperparameter to vary.")
        return
    names = [h.name for h in kind.hyperparameters]
    parameter = st.selectbox("Hyperparameter", names, key="curve_parameter")
    if parameter not in names:
        parameter = names[0]
    points = FAST_CURVE_POINTS if kind.fast else SLOW_CURVE_POINTS
    if not kind.fast and not st.button(f"Compute ({points} values × 5 folds)", key="curve_button"):
        st.caption("Each point trains five models: press the button to compute it.")
        return
    with st.spinner("Cross-validating…"):
        curve = validation_curve(spec, parameter, points)
    hyperparameter = kind.hyperparameter(parameter)
    st.plotly_chart(
        validation_curve_chart(curve, spec.hyperparameters[parameter], log=hyperparameter.log),
        key="chart_curve",
    )


def history_ui() -> None:
    history = st.session_state.get(HISTORY, [])
    if not history:
        return
    st.subheader("Your runs in this session")
    table = pd.DataFrame(history).drop(columns=["spec"])
    st.dataframe(table, hide_index=True, key="history_table")
    if len(history) > 1:
        st.plotly_chart(history_chart(table), key="chart_history")


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
        data=lambda: json.dumps(stored.result.summary() | {"model_id": stored.model_id}, indent=2),
        file_name=f"wine-{spec.wine}-{spec.kind}-{stored.model_id}.json",
        mime="application/json",
        key="download_metrics",
    )


ensure_shell()
st.title("Train a model")
settings, report = st.columns([1, 3], gap="large")
with settings:
    spec = settings_ui()
write_link(spec=spec)
with report:
    stored = trained_model(spec)
    if stored is not None:
        previous = record_run(spec, stored)
        metrics_ui(stored, previous)
        actions_ui(spec, stored)
        export_ui(spec)
        charts_ui(spec, stored)
history_ui()
