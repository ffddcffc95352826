"""A module-level function runs where something the service runs names it.  Two writings of
a common name (`main`) name another function: a word of a comment or a sentence (``# the main
loop``, ``\"\"\"The main module.\"\"\"``), and a module's bare call of its own function of
that name (``def main(): ...``, then ``main()``).  ``obj.main`` still may be this one."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DEVSERVER = '''from flask import Flask

app = Flask(__name__)


def main():
    app.run(host="127.0.0.1", port=5000)


if __name__ == "__main__":
    main()
'''


def findings(tmp_path, helper: str) -> list[tuple[str, str]]:
    files = {
        "compose.yaml": 'services:\n  web:\n    build: .\n    ports: ["5000:5000"]\n',
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "cli.py"]\n',
        "devserver.py": DEVSERVER,
        "cli.py": "import devserver\nimport helper\n\nhelper.run(devserver.app)\n",
        "helper.py": helper,
    }
    make(tmp_path, files, git=True)
    return [(f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_word_of_a_comment_or_a_sentence_names_nothing(tmp_path):
    helper = ('"""The main entry of the helpers."""\n\n\n'
              'def run(app):\n    # serve from the main thread\n    print("the main app is up")\n')
    assert findings(tmp_path, helper) == []


def test_a_call_of_a_modules_own_function_of_that_name_names_nothing_else(tmp_path):
    helper = ("def main():\n    pass\n\n\ndef run(app):\n    main()\n")
    assert findings(tmp_path, helper) == []


def test_a_name_the_code_uses_still_counts(tmp_path):
    called = ("import devserver\n\n\ndef main():\n    pass\n\n\ndef run(app):\n    devserver.main()\n")
    assert findings(tmp_path, called) == [("devserver.py", "DW201")]
    handed = "import devserver\n\n\ndef run(app):\n    callbacks = [devserver.main, print]\n"
    assert findings(tmp_path, handed) == [("devserver.py", "DW201")]
    imported = "from devserver import main\n\n\ndef run(app):\n    return main if app else None\n"
    assert findings(tmp_path, imported) == [("devserver.py", "DW201")]
