"""The neural-network kind, checked against plain scikit-learn's `MLPRegressor`.

Behaviours checked:
- the kind's held-out metrics equal `MLPRegressor`'s with the same settings and seed, fitted on
  the same grouped split; with `activation=tanh`, `MLPRegressor(activation="tanh")`'s;
- the declared layers × units, activation, epochs and validation share become
  `hidden_layer_sizes`, `activation`, `max_iter` and early stopping (a share of 0 switches it
  off); the activation is ReLU unless chosen;
- a fit that reports its epochs gives the same network as a plain fit;
- the live epoch curve has one point per epoch, grows one report at a time and ends at `n_iter_`;
- training under an epoch listener reports the main fit's epochs and gives the same model;
- the best epoch is the one early stopping kept;
- the six-steps preset is a small network with validation;
- a network works as every kind does: its 90% interval is MAPIE's for the plain network; its
  contributions add up to the plain network's prediction, and for a network without
  activation (a linear model) they are its weights times the wine's distance from the average
  training wine; its zip, reloaded, predicts what the plain network predicts; the JSON API
  answers for it, chosen by a query that names its activation;
- `python -m core train --activation tanh` names the tanh network; another activation is
  refused with the choices.
"""

from __future__ import annotations

import io
import json
import zipfile

import joblib
import numpy as np
import pytest
from mapie.conformity_scores import ResidualNormalisedScore
from mapie.regression import SplitConformalRegressor
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from core.cli import _spec as cli_spec
from core.cli import build_parser
from core.conformal import DistanceSpread
from core.explain import contributions
from core.features import FEATURE_KEYS, median_wine
from core.links import spec_from_query, spec_link_params
from core.model_card import bundle
from core.models import ModelSpec, build_pipeline
from core.network import epoch_curve, fit_reporting_epochs, listening_to_epochs
from core.presets import PRESETS
from core.scoring import predict_rows, wine_vector
from core.store import ModelStore
from core.train import train_model
from tests.splits import grouped_train_test_split
from web.routes import model_description, predictions

# Small and quick: ten epochs of large batches (a fraction of a second per fit).
SMALL = {"units": 8, "layers": 2, "epochs": 10, "batch_size": 256, "validation_fraction": 0.1}
SEED = 4


@pytest.fixture(scope="module")
def split(red):
    x, y = red[list(FEATURE_KEYS)].to_numpy(), red["quality"].to_numpy()
    return grouped_train_test_split(x, y, red, 0.2, SEED)


def _reference(**overrides) -> MLPRegressor:
    settings = {
        "hidden_layer_sizes": (8, 8),
        "max_iter": 10,
        "batch_size": 256,
        "early_stopping": True,
        "validation_fraction": 0.1,
        "alpha": 1e-4,
        "learning_rate_init": 1e-3,
        "n_iter_no_change": 10,
        "random_state": SEED,
    }
    return MLPRegressor(**(settings | overrides))


def _plain(split, **overrides):
    """The plain scikit-learn network, fitted on the training part of the same split."""
    x_train, _, y_train, _ = split
    return make_pipeline(StandardScaler(), _reference(**overrides)).fit(x_train, y_train)


@pytest.fixture(scope="module")
def plain(split):
    return _plain(split)


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """The small ReLU network, trained through the store as the pages and the API get it."""
    store = ModelStore(tmp_path_factory.mktemp("network") / "models")
    return store.get(ModelSpec.create("red", "mlp", seed=SEED, **SMALL))


def test_network_metrics_equal_mlpregressor_with_the_same_seed(stored, split, plain) -> None:
    result = stored.result
    _, x_test, _, y_test = split
    expected = plain.predict(x_test)
    np.testing.assert_allclose(result.y_pred, expected, rtol=1e-12)
    rmse = float(np.sqrt(np.mean((expected - y_test) ** 2)))
    assert result.test_metrics.rmse == pytest.approx(rmse, rel=1e-12)


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"units": 16, "layers": 3}, {"hidden_layer_sizes": (16, 16, 16)}),
        ({"epochs": 40}, {"max_iter": 40}),
        ({"validation_fraction": 0.2}, {"early_stopping": True, "validation_fraction": 0.2}),
        ({"validation_fraction": 0.0}, {"early_stopping": False}),
        ({}, {"activation": "relu"}),
        ({"activation": "tanh"}, {"activation": "tanh"}),
        ({"activation": "logistic"}, {"activation": "logistic"}),
    ],
)
def test_declared_settings_become_mlpregressor_keywords(settings, expected) -> None:
    network = build_pipeline(ModelSpec.create("red", "mlp", **settings))[-1]
    assert {name: network.get_params()[name] for name in expected} == expected


def test_live_curve_has_one_point_per_epoch_and_ends_at_n_iter(split, plain) -> None:
    x_train, _, y_train, _ = split
    heard = []
    pipeline = build_pipeline(ModelSpec.create("red", "mlp", seed=SEED, **SMALL))
    fit_reporting_epochs(pipeline, x_train, y_train, heard.append)
    network = pipeline[-1]
    last = heard[-1]
    assert last.done
    assert not any(curve.done for curve in heard[:-1])
    assert last.epochs == network.n_iter_ == len(last.validation)
    assert [curve.epochs for curve in heard] == sorted(curve.epochs for curve in heard)
    assert last.loss == tuple(network.loss_curve_)
    for reported, expected in zip(network.coefs_, plain[-1].coefs_, strict=True):
        np.testing.assert_array_equal(reported, expected)


def test_training_under_a_listener_reports_epochs_and_gives_the_same_model(red) -> None:
    spec = ModelSpec.create("red", "mlp", seed=1, **SMALL)
    heard = []
    with listening_to_epochs(heard.append):
        heard_result = train_model(spec, red)
    plain_result = train_model(spec, red)
    assert heard[-1].epochs == heard_result.pipeline[-1].n_iter_
    assert heard_result.test_metrics == plain_result.test_metrics


def test_best_epoch_is_the_one_early_stopping_kept(split) -> None:
    x_train, _, y_train, _ = split
    network = _reference(max_iter=200, n_iter_no_change=3, learning_rate_init=0.05).fit(
        StandardScaler().fit_transform(x_train), y_train
    )
    curve = epoch_curve(network, done=True)
    assert curve.stopped_early
    assert curve.validation[curve.best_epoch - 1] == network.best_validation_score_


def test_six_steps_preset_is_a_small_network_with_validation() -> None:
    (preset,) = [p for p in PRESETS if p.key == "six_steps"]
    network = build_pipeline(preset.for_wine("white"))[-1]
    assert network.hidden_layer_sizes == (16, 16)
    assert (network.solver, network.activation, network.early_stopping) == ("adam", "relu", True)


def test_tanh_network_equals_mlpregressor_with_activation_tanh(red, split) -> None:
    """Check that the chosen activation reaches the network: the held-out predictions are
    `MLPRegressor(activation="tanh")`'s, and differ from the ReLU network's."""
    result = train_model(ModelSpec.create("red", "mlp", seed=SEED, activation="tanh", **SMALL), red)
    _, x_test, _, _ = split
    tanh = _plain(split, activation="tanh").predict(x_test)
    np.testing.assert_allclose(result.y_pred, tanh, rtol=1e-12)
    assert not np.allclose(tanh, _plain(split).predict(x_test))


def test_network_interval_is_mapies_for_the_plain_network(stored, red, split, plain) -> None:
    """Check the kept 90% interval against MAPIE calibrating the plain network on the same
    held-out wines, for held-out wines and a wine far from the data."""
    x_train, x_test, _, y_test = split
    score = ResidualNormalisedScore(residual_estimator=DistanceSpread(x_train), random_state=SEED)
    mapie = SplitConformalRegressor(plain, confidence_level=0.9, conformity_score=score)
    mapie.conformalize(x_test, y_test)
    far = wine_vector(median_wine(red) | {"alcohol": 14.0, "sulphates": 1.5})[None, :]
    rows = np.vstack([x_test[:20], far])
    predicted, bounds = mapie.predict_interval(rows)
    half = stored.result.interval.half_width(rows)
    np.testing.assert_allclose(predicted - half, bounds[:, 0, 0], rtol=1e-9)
    np.testing.assert_allclose(predicted + half, bounds[:, 1, 0], rtol=1e-9)


def test_network_contributions_add_up_to_the_plain_networks_prediction(stored, red, plain):
    wine = median_wine(red) | {"alcohol": 13.0}
    explained = contributions(stored.result, wine)
    assert explained.method == "shapley"
    expected = plain.predict(wine_vector(wine)[None, :])[0]
    assert explained.base + sum(explained.parts.values()) == pytest.approx(expected, abs=1e-9)


def test_linear_network_contributions_are_its_weights_times_the_distance(red, split) -> None:
    """Check exact Shapley values against arithmetic: without activation the plain network is
    linear, its weight per measurement the product of its layers' weights over the scale."""
    spec = ModelSpec.create("red", "mlp", seed=SEED, activation="identity", **SMALL)
    result = train_model(spec, red)
    x_train = split[0]
    plain = _plain(split, activation="identity")
    scaler, network = plain[0], plain[-1]
    weights = np.linalg.multi_dot(network.coefs_).ravel() / scaler.scale_
    wine = median_wine(red) | {"alcohol": 12.5, "sulphates": 0.8}
    expected = weights * (wine_vector(wine) - x_train.mean(axis=0))
    parts = contributions(result, wine).parts
    np.testing.assert_allclose([parts[key] for key in FEATURE_KEYS], expected, atol=1e-9)


def test_network_zip_reloaded_predicts_what_the_plain_network_predicts(stored, red, plain):
    archive = zipfile.ZipFile(io.BytesIO(bundle(stored, red)))
    (model_file,) = [name for name in archive.namelist() if name.endswith(".joblib")]
    model = joblib.load(io.BytesIO(archive.read(model_file)))
    rows = red[list(FEATURE_KEYS)].to_numpy()[:40]
    np.testing.assert_allclose(model.predict(rows), plain.predict(rows), rtol=1e-12)
    description = json.loads(archive.read(model_file.replace(".joblib", ".json")))
    assert description["spec"]["hyperparameters"]["activation"] == "relu"


def test_json_api_answers_for_a_network_named_by_its_query(stored, red, plain) -> None:
    """Check that the API's query names this network (activation included) and its answer
    is the plain network's prediction, with an interval around it."""
    query = spec_link_params(stored.result.spec)
    assert query["activation"] == "relu"
    assert spec_from_query(query) == stored.result.spec
    rows = red[list(FEATURE_KEYS)].to_numpy()[:3]
    answer = predictions(stored, json.dumps({"data": rows.tolist()}).encode())
    np.testing.assert_allclose(answer["result"], plain.predict(rows), rtol=1e-12)
    assert all(
        low < value < high
        for value, (low, high) in zip(answer["result"], answer["interval"], strict=True)
    )
    assert answer["model"]["spec"]["kind"] == "mlp"
    assert model_description(stored)["model"]["description"].startswith("Neural network")
    assert predict_rows(stored.result, rows).tolist() == answer["result"]


def test_cli_flag_names_the_activation_and_refuses_another(capsys) -> None:
    """Check that `python -m core train --activation tanh` names the tanh network (the
    parser and the spec it makes; training is the same `train_model` as above)."""
    flags = ["train", "--model", "mlp", "--activation", "tanh", "--units", "8"]
    spec = cli_spec(build_parser().parse_args(flags))
    assert spec == ModelSpec.create("red", "mlp", activation="tanh", units=8)
    with pytest.raises(SystemExit) as refused:
        build_parser().parse_args(["train", "--model", "mlp", "--activation", "softmax"])
    assert refused.value.code == 2
    assert "invalid choice: 'softmax'" in capsys.readouterr().err
