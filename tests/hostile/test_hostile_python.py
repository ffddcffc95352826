"""Hostile and broken Python files, through the real CLI (issue 7, "Inputs to cover").

One project holds every broken file next to a good one; one ``dockwise check --format json``
run over it must report each broken file as an ``errors`` entry naming the reason, still
report the good file's finding (the run goes on), exit 2, and print no traceback.  Files
that are odd but valid (BOM, PEP 263 coding line, CRLF, lone CR, tabs) must give findings at
the exact line and column of the host text (1-based, in code points, BOM excluded).
"""
from __future__ import annotations

import re
import sys

import pytest

URL = "redis://localhost:6379/0"
USE = f'import redis\n\nr = redis.Redis.from_url("{URL}")\n'  # DW101 at line 3

_BREAK = re.compile(r"\r\n|\r|\n")


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based (line, column in code points) of ``needle`` in ``text`` (Python's line breaks)."""
    offset = text.index(needle)
    before = text[:offset]
    starts = [m.end() for m in _BREAK.finditer(before)]
    return len(starts) + 1, offset - (starts[-1] if starts else 0) + 1


# name -> (content, substring expected in the error message (lower-case), or None: no error)
BROKEN = {
    "syntax_error.py": ("def f(:\n    pass\n\n" + USE, "syntax error"),
    "python2_print.py": ('print "hello"\n' + USE, "syntax error"),
    "python2_raise.py": ("def f():\n    raise ValueError, 'bad'\n" + USE, "syntax error"),
    "python2_backticks.py": ("x = `1 + 1`\n" + USE, "syntax error"),
    "python2_octal.py": ("MODE = 0755\n" + USE, "syntax error"),
    "tab_error.py": ("if True:\n\tx = 1\n        y = 2\n" + USE, "syntax error"),
    "null_bytes.py": ((USE + "x = 1\x00\n").encode(), "nul"),
    "invalid_utf8.py": (b"# comment\n\n" + USE.encode() + b"# caf\xe9 \xff\xfe\n", "utf-8"),
    "invalid_utf8_first_line.py": (b"# caf\xe9\n" + USE.encode(), "utf-8"),
    "unknown_coding.py": (b"# -*- coding: klingon -*-\n" + USE.encode(), "encoding"),
    "binary_with_nul.py": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4 + URL.encode(), "nul"),
    "binary_without_nul.py": (bytes(range(128, 256)) * 16 + URL.encode(), "utf-8"),
}

# name -> content of files that are fine (no error, no finding)
QUIET = {
    "empty.py": b"",
    "blank_lines.py": b"\n\n   \n\t\n",
    "comment_only.py": b"# localhost:5432 is where the dev database runs\n",
    "only_bom.py": b"\xef\xbb\xbf",
}

# name -> bytes of files that are odd but valid: a finding at the position of "localhost"
ODD = {
    "bom.py": b"\xef\xbb\xbf" + USE.encode(),
    "latin1.py": b"# -*- coding: latin-1 -*-\nimport redis\nNAME = '\xc9l\xe9onore \xe0 \xe9t\xe9'; r = redis.Redis.from_url(\"" + URL.encode() + b'")\n',
    "cp1252.py": b"# vim: set fileencoding=cp1252 :\nimport redis\nQUOTE = '\x93hi\x94'; r = redis.Redis.from_url(\"" + URL.encode() + b'")\n',
    "utf8_wide.py": ("import redis\nNAME = '日本語 🐳 ü'; r = redis.Redis.from_url(\"" + URL + '")\n').encode(),
    "crlf.py": USE.replace("\n", "\r\n").encode(),
    "lone_cr.py": USE.replace("\n", "\r").encode(),
    "mixed_endings.py": b"import redis\r\n\rx = 1\n\r\nr = redis.Redis.from_url(\"" + URL.encode() + b'")\r',
    "tabs.py": b"import redis\nif True:\n\tr = redis.Redis.from_url(\t\"" + URL.encode() + b'")\n',
    "tabs_and_spaces.py": b"import redis\nclass A:\n\tdef f(self):\n\t\treturn redis.Redis.from_url(  \"" + URL.encode() + b'")\n',
    "form_feed.py": b"import redis\n\x0c\nr = redis.Redis.from_url(\"" + URL.encode() + b'")\n',
    "no_final_newline.py": USE.rstrip("\n").encode(),
    "x.py/inner.py": USE.encode(),  # a directory named x.py: walked, not read as a file
}


def _decode(data: bytes) -> str:
    import io
    import tokenize

    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


@pytest.fixture(scope="module")
def zoo(tmp_path_factory, h):
    files: dict[str, str | bytes] = {name: content for name, (content, _) in BROKEN.items()}
    files.update(QUIET)
    files.update(ODD)
    root = h.make(tmp_path_factory.mktemp("zoo") / "proj", files)
    run = h.run(root, "check", "--format", "json", ".")
    return root, run


def test_zoo_exit_code_and_the_good_file(zoo, h):
    _, run = zoo
    assert run.returncode == 2, run.output[-3000:]
    h.good_finding(run)
    assert run.seconds < h.BOUND


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_is_an_error_entry(zoo, name):
    _, run = zoo
    content, reason = BROKEN[name]
    errors = run.errors_for(name)
    assert len(errors) == 1, f"{name}: {run.json['errors']}"
    message = errors[0]["message"].lower()
    assert reason in message, f"{name}: {errors[0]}"
    assert not run.findings_for(name), f"{name} reported findings although it could not be read"
    if "line" in errors[0]:
        lines = len(_BREAK.split(content if isinstance(content, str) else content.decode("latin-1")))
        assert 1 <= errors[0]["line"] <= lines


@pytest.mark.parametrize("name", sorted(QUIET))
def test_quiet_file_gives_nothing(zoo, name):
    _, run = zoo
    assert not run.errors_for(name)
    assert not run.findings_for(name)


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_file_finding_at_the_exact_position(zoo, name):
    root, run = zoo
    text = _decode((root / name).read_bytes())
    line, column = position(text, "localhost")
    assert not run.errors_for(name), run.errors_for(name)
    hits = [f for f in run.findings_for(name) if f["target"]["host"] == "localhost"]
    assert hits, f"no finding in {name}: {run.json['findings']}"
    f = hits[0]
    assert (f["line"], f["column"]) == (line, column), f"{name}: {f['line']}:{f['column']} != {line}:{column}"
    assert (f["end_line"], f["end_column"]) == (line, column + len("localhost"))


def test_directory_named_like_a_python_file(zoo, h):
    root, _ = zoo
    run = h.run(root, "check", "--format", "json", "x.py", h.GOOD_NAME)
    assert run.returncode == 1, run.output
    assert [f["path"] for f in run.json["findings"]] == [h.GOOD_NAME, "x.py/inner.py"]
    assert run.json["errors"] == []


def test_text_format_names_file_and_reason(zoo, h):
    root, _ = zoo
    run = h.run(root, "check", "null_bytes.py", "syntax_error.py", h.GOOD_NAME)
    assert run.returncode == 2
    assert "error: null_bytes.py:" in run.stdout and "NUL" in run.stdout
    assert re.search(r"error: syntax_error\.py:1: .*syntax error", run.stdout), run.stdout
    assert f"{h.GOOD_NAME}:3:" in run.stdout


def test_invalid_utf8_on_the_first_line_says_utf8(zoo):
    _, run = zoo
    (error,) = run.errors_for("invalid_utf8_first_line.py")
    assert "utf-8" in error["message"].lower()


# --------------------------------------------------------------------------- bounded work


def test_ten_megabyte_file_ends_with_a_clear_error(tmp_path, h):
    lines, size, i = [], 0, 0
    while size < 10 * 1024 * 1024:
        line = f'URL_{i} = "redis://localhost:6379/{i % 16}"  # generated\n'
        lines.append(line)
        size += len(line)
        i += 1
    root = h.make(tmp_path / "proj", {"generated.py": "".join(lines)})
    run = h.run(root, "check", "--format", "json", ".")
    assert run.seconds < h.BOUND
    h.good_finding(run)
    (error,) = run.errors_for("generated.py")
    assert "larger than" in error["message"]
    assert run.returncode == 2


DEEP = {
    "deep_parens.py": "x = " + "(" * 5000 + repr(URL) + ")" * 5000 + "\n",
    "deep_lists.py": "x = " + "[" * 5000 + repr(URL) + "]" * 5000 + "\n",
    "deep_calls.py": "x = " + "f(" * 5000 + repr(URL) + ")" * 5000 + "\n",
    "deep_dicts.py": "x = " + "{1: " * 5000 + repr(URL) + "}" * 5000 + "\n",
    "deep_binop.py": "x = " + "1 + " * 5000 + repr(URL) + "\n",
    "deep_unary.py": "x = " + "-" * 5000 + "1\ny = " + repr(URL) + "\n",
    "deep_attributes.py": "x = a" + ".b" * 5000 + "(" + repr(URL) + ")\n",
    "deep_ifexp.py": "x = " + "1 if y else " * 5000 + repr(URL) + "\n",
    "deep_not.py": "x = " + "not " * 5000 + repr(URL) + "\n",
    "deep_lambda.py": "x = " + "lambda: " * 5000 + repr(URL) + "\n",
    "deep_indent.py": "".join(" " * i + "if x:\n" for i in range(300)) + " " * 300 + f"y = {URL!r}\n",
    "deep_and_broken.py": 'print "x"\nx = ' + "(" * 5000 + repr(URL) + ")" * 5000 + "\n",
    "many_deep_lines.py": ("x = " + "[" * 150 + repr(URL) + "]" * 150 + "\n") * 400,
}


def test_five_thousand_deep_expressions_end_with_a_clear_error(tmp_path, h):
    """LibCST's native parser overflows the C stack on ~5,000 nested brackets (a segfault no
    ``except`` catches) and needs minutes for 5,000-term chains: refused before parsing."""
    root = h.make(tmp_path / "proj", DEEP)
    run = h.run(root, "check", "--format", "json", ".")
    assert run.seconds < h.BOUND
    assert run.returncode == 2
    h.good_finding(run)
    for name in DEEP:
        errors = run.errors_for(name)
        assert len(errors) == 1, f"{name}: {errors}"
        message = errors[0]["message"]
        assert "nested" in message or "complex" in message or "syntax error" in message, (name, message)
        assert "RecursionError" not in message


def test_the_worker_pool_path_survives_hostile_files(tmp_path, h):
    """With many files the analysis runs in worker processes: hostile files there too."""
    files = {f"svc/mod_{i:02d}.py": USE for i in range(48)}
    files["svc/deep.py"] = DEEP["deep_parens.py"]
    files["svc/broken.py"] = BROKEN["python2_print.py"][0]
    files["svc/nul.py"] = BROKEN["null_bytes.py"][0]
    root = h.make(tmp_path / "proj", files)
    run = h.run(root, "check", "--format", "json", ".")
    assert run.returncode == 2
    h.good_finding(run)
    paths = {f["path"] for f in run.json["findings"]}
    assert {f"svc/mod_{i:02d}.py" for i in range(48)} <= paths
    assert {e["path"] for e in run.json["errors"]} == {"svc/deep.py", "svc/broken.py", "svc/nul.py"}


# --------------------------------------------------------------------------- internal errors


def test_an_internal_bug_in_one_file_is_an_error_entry_with_a_hint(tmp_path, h, monkeypatch):
    """In-process (the bug is simulated): the file gets an ``internal error`` entry asking
    for a report, the other files are still checked, exit 2."""
    from click.testing import CliRunner

    import dockwise.extract.python as extract_python
    from dockwise.cli import cli

    root = h.make(tmp_path / "proj", {"boom.py": USE})
    real = extract_python._Extractor.run

    def run(self):
        if self.path.endswith("boom.py"):
            raise KeyError("simulated bug")
        return real(self)

    monkeypatch.setattr(extract_python._Extractor, "run", run)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", "."])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    import json

    data = json.loads(result.output)
    (error,) = [e for e in data["errors"] if e["path"] == "boom.py"]
    assert "internal error" in error["message"] and "report" in error["message"]
    assert any(f["path"] == h.GOOD_NAME for f in data["findings"])


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_unreadable_file_chmod(tmp_path, h):
    import os

    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode (see the monkeypatched variant below)")
    root = h.make(tmp_path / "proj", {"secret.py": USE})
    (root / "secret.py").chmod(0)
    try:
        run = h.run(root, "check", "--format", "json", ".")
    finally:
        (root / "secret.py").chmod(0o644)
    assert run.returncode == 2
    h.good_finding(run)
    (error,) = run.errors_for("secret.py")
    assert "permission denied" in error["message"]


def test_unreadable_file_simulated(tmp_path, h, monkeypatch):
    """The same as root: reading the file raises PermissionError (in-process)."""
    import json
    from pathlib import Path

    from click.testing import CliRunner

    from dockwise.cli import cli

    root = h.make(tmp_path / "proj", {"secret.py": USE})
    real_read_bytes = Path.read_bytes
    real_open = open

    def read_bytes(self):
        if self.name == "secret.py":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    def guarded_open(file, *args, **kwargs):
        if str(file).endswith("secret.py"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr("builtins.open", guarded_open)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", "."])
    assert result.exit_code == 2, result.output
    data = json.loads(result.output)
    (error,) = [e for e in data["errors"] if e["path"] == "secret.py"]
    assert "permission denied" in error["message"]
    assert any(f["path"] == h.GOOD_NAME for f in data["findings"])


@pytest.mark.parametrize("args", [
    ("check", "--format", "text"), ("check", "--format", "sarif"), ("check", "--format", "github"),
    ("graph", "--format", "mermaid"), ("graph", "--format", "dot"), ("check", "--diff"),
])
def test_every_command_and_format_survives_the_zoo(args, zoo, h):
    root, _ = zoo
    run = h.run(root, *args, ".")
    assert run.returncode == 2  # the broken files are errors ...
    assert run.seconds < h.BOUND
    if args[0] == "check" and "--diff" not in args:
        assert "syntax_error.py" in run.stdout and h.GOOD_NAME in run.stdout  # ... reported with the rest


@pytest.mark.parametrize("data", [
    b"x = " + b"(" * 5000 + b"'redis://localhost:6379'" + b")" * 5000 + b"\n",
    b"x = 'redis://localhost:6379'\x00\n",
    b"x = 'redis://localhost:6379'  # caf\xe9\n",
    b'print "x"\nx = "redis://localhost:6379"\n',
    b"\xef\xbb\xbfimport redis\r\nx = redis.from_url('redis://localhost:6379')\r\n",
])
def test_stdin_hostile_input(data, tmp_path, h):
    root = h.make(tmp_path / "proj")
    run = h.run(root, "check", "--format", "json", "--stdin-filename", "app.py", "-", stdin=data)
    assert run.returncode in (1, 2)
    assert run.seconds < h.BOUND
    fix = h.run(root, "fix", "--stdin-filename", "app.py", "-", stdin=data)
    assert fix.returncode in (0, 1, 2)


def test_syntax_error_positions_point_inside_the_file(tmp_path, h):
    files = {"eof.py": "x = (\n", "eof_no_newline.py": "x = [1,", "dedent.py": "if x:\n", "at.py": "@0 'localhost'\n"}
    root = h.make(tmp_path / "proj", files)
    run = h.run(root, "check", "--format", "json", *files)  # named: checked even where the prefilter skips
    for name, text in files.items():
        (error,) = run.errors_for(name)
        lines = _BREAK.split(text)
        assert 1 <= error["line"] <= len(lines), error
        assert 1 <= error["column"] <= len(lines[error["line"] - 1]) + 1, error


def test_syntax_error_position_of_a_prefiltered_file(tmp_path, h):
    root = h.make(tmp_path / "proj", {"at.py": "@0\n"})
    run = h.run(root, "check", "--format", "json", "at.py")
    (error,) = run.errors_for("at.py")
    assert error["column"] >= 1, error


def test_syntax_errors_of_skipped_files_are_reported_where_the_file_is_named(tmp_path, h):
    """A file the prefilter skips (nothing in it can be reported) is not parsed when a
    directory is walked: parsing every file to find syntax errors would triple a cold
    run.  A file named on the command line (the pre-commit case) is checked, also after
    a directory run cached it as skipped."""
    root = h.make(tmp_path / "proj", {"broken.py": "def f(:\n    return 1\n"})
    walked = h.run(root, "check", "--format", "json", ".")
    assert not walked.errors_for("broken.py")
    named = h.run(root, "check", "--format", "json", "broken.py")
    (error,) = named.errors_for("broken.py")
    assert error["message"].startswith("syntax error") and error["line"] == 1


def test_a_character_newer_than_pythons_unicode_tables_is_a_syntax_error_not_a_crash():
    # CPython rejects U+31350 (Unicode 15) as an identifier; LibCST's parser takes it as a
    # name and its node check raises CSTValidationError: a syntax error line, both ways
    from dockwise.extract.python import extract_python
    from dockwise.fix.python_edit import _PARSE_ERRORS
    from dockwise.knowledge import default_knowledge

    result = extract_python('url = "redis://localhost:6379"\n\U00031350\n', "a.py", default_knowledge())
    assert [(e.line, e.message) for e in result.errors] == [(2, "syntax error: invalid non-printable character U+31350")]
    import libcst as cst
    with pytest.raises(_PARSE_ERRORS):
        cst.parse_module("\U00031350\n")
