"""Nothing a visitor sends can run code on the server.

The app's code (app.py, core, ui, pages) is read as syntax trees: no eval or exec, no shell
or subprocess, no HTML rendered unescaped, and unpickling only in the model store, which
reads files it wrote itself and checks their SHA-256 first. Uploads are read as CSV text only;
any other type is refused with a message.
"""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

from tests.app.conftest import open_app

ROOT = Path(__file__).resolve().parents[2]
APP_FILES = [
    ROOT / "app.py",
    *sorted(
        path
        for folder in ("core", "ui", "web", "i18n", "pages")
        for path in (ROOT / folder).rglob("*.py")
    ),
]
FORBIDDEN_BUILTINS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_METHODS = {("os", "system"), ("os", "popen"), ("yaml", "load")}
FORBIDDEN_MODULES = {"subprocess", "pickle", "marshal", "shelve", "dill", "cloudpickle"}
UNPICKLING_ALLOWED = {ROOT / "core" / "store.py"}


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            name = (
                function.attr
                if isinstance(function, ast.Attribute)
                else getattr(function, "id", "")
            )
            owner = getattr(function.value, "id", "") if isinstance(function, ast.Attribute) else ""
            yield node, owner, name


@pytest.mark.parametrize("path", APP_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_app_code_has_no_way_to_run_what_it_is_sent(path: Path) -> None:
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            assert not {m.split(".")[0] for m in modules} & FORBIDDEN_MODULES, ast.dump(node)
    for node, owner, name in _calls(tree):
        where = f"{path.name}:{node.lineno}"
        assert (owner == "" and name in FORBIDDEN_BUILTINS) is False, f"{where} calls {name}"
        assert (owner, name) not in FORBIDDEN_METHODS, f"{where} calls {owner}.{name}"
        for keyword in node.keywords:
            assert keyword.arg not in {"unsafe_allow_html", "shell"}, where
        if (owner, name) == ("joblib", "load"):
            assert path in UNPICKLING_ALLOWED, f"{where} unpickles"


def test_batch_upload_of_a_model_file_is_refused_with_the_accepted_types() -> None:
    """Check a .joblib upload is answered with a message naming the accepted types.

    (That it is never unpickled is checked on `core` in tests/reliability/test_faults.py.)
    """
    at = open_app()
    upload = ("model.joblib", pickle.dumps({"model": "not a wine"}), "application/octet-stream")
    at.file_uploader(key="batch_upload").set_value(upload).run()
    assert not at.exception
    refusal = "model.joblib: a .joblib file cannot be scored. Accepted: .csv, .txt"
    assert refusal in at.error[0].value
