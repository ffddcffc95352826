"""A project template (cookiecutter, Jinja) holds a ``pyproject.toml`` and a ``.env`` that are
the text a generator renders, not files read as written: a ``pyproject.toml`` that is no TOML
because of its markup is no configuration (the run goes on, with the next one above), and a
templated ``.env`` gives no syntax errors (the lines that read as variables still count).  A
broken file without markup is still an error, and a plain ``.env`` still gives its values."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dockwise.cli import cli
from dockwise.config import Config, load_config
from dockwise.engine import run_check
from dockwise.layout.compose import load_dotenv
from tests.conftest import make

TEMPLATED_PYPROJECT = """\
[project]
name = "{{ gen.slug }}"
dependencies = [
  {%- if gen.use_queue %}
  "kombu",
  {%- endif %}
]
"""

TEMPLATED_ENV = """\
{{ gen.slug | upper }}_RELOAD=1
{%- if gen.use_cache %}
{{ gen.slug | upper }}_CACHE_HOST=localhost
{%- endif %}
"""


def test_a_templated_pyproject_is_no_configuration_and_the_next_one_above_is_read(tmp_path: Path):
    make(tmp_path, {"pyproject.toml": '[tool.dockwise]\nignore = ["DW101"]\n',
                    "{{gen.slug}}/pyproject.toml": TEMPLATED_PYPROJECT})
    assert load_config(tmp_path / "{{gen.slug}}").ignore == ("DW101",)


def test_a_templated_pyproject_alone_gives_the_default_configuration(tmp_path: Path):
    make(tmp_path, {"tpl/pyproject.toml": TEMPLATED_PYPROJECT}, git=True)
    assert load_config(tmp_path / "tpl") == Config()


def test_checking_a_template_directory_runs_instead_of_stopping(tmp_path: Path, monkeypatch):
    make(tmp_path, {"pyproject.toml": TEMPLATED_PYPROJECT, ".env": TEMPLATED_ENV,
                    "compose.yaml": "services:\n  web:\n    image: {{ gen.image }}\n"}, git=True)
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli, ["check", ".", "--output-format", "json", "--no-cache"])
    assert res.exit_code == 0, res.output
    assert '"errors": []' in res.output


def test_a_pyproject_broken_without_markup_is_still_an_error(tmp_path: Path, monkeypatch):
    make(tmp_path, {"pyproject.toml": "[tool.dockwise]\nselect = [\n",
                    "compose.yaml": "services:\n  web:\n    image: nginx\n"}, git=True)
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli, ["check", ".", "--no-cache"])
    assert res.exit_code == 2 and "cannot read" in res.output


def text_reader(files: dict[str, str]):
    return lambda path: files[path]


def test_a_templated_env_gives_no_errors_and_the_variables_that_read_as_such():
    env, errors, path = load_dotenv(text_reader({".env": TEMPLATED_ENV + "EDGE_NETWORK=edge\n"}), ".")
    assert errors == [] and path == ".env"
    assert {name: text.value for name, text in env.items()} == {"EDGE_NETWORK": "edge"}


def test_an_env_broken_without_markup_is_still_an_error():
    _, errors, _ = load_dotenv(text_reader({".env": "just some words\nNAME=1\n"}), ".")
    assert [e.line for e in errors] == [1]


def test_a_plain_env_still_gives_its_values_to_the_services(tmp_path: Path):
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n    environment:\n      DATABASE_URL: ${DATABASE_URL}\n",
        ".env": "DATABASE_URL=postgresql://app@localhost:5432/app\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": 'import os\n\nimport psycopg\n\npsycopg.connect(os.environ["DATABASE_URL"])\n',
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert [e.message for e in result.errors] == []
    assert [f.code for f in result.active] == ["DW101"]
