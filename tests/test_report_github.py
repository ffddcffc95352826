"""GitHub Actions workflow-command annotations (`--format github`)."""
from __future__ import annotations

import re
from pathlib import Path

from dockwise.model import FileError, Finding, RunResult, Span, Suggestion
from dockwise.report import github


def finding(code="DW101", severity="error", path="web/app.py", line=5, col=12, end=21, message="m", **kw) -> Finding:
    return Finding(code=code, severity=severity, span=Span(path, line, col, line, end), message=message, **kw)


def result(root: Path, findings=(), errors=()) -> RunResult:
    return RunResult(root=root, findings=tuple(findings), errors=tuple(errors), files_checked=1)


def unescape_data(text: str) -> str:  # what the runner does (actions/runner ActionCommand)
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return text.replace("%3A", ":").replace("%2C", ",").replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


COMMAND = re.compile(r"^::(?P<cmd>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<msg>.*)$")


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Parse one workflow command the way the runner does: props split on ',' then the first '='."""
    m = COMMAND.match(line)
    assert m, line
    props = {}
    for part in (m["props"] or "").split(","):
        if part:
            key, value = part.split("=", 1)
            props[key] = unescape_property(value)
    return m["cmd"], props, unescape_data(m["msg"])


def test_error_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = finding(message="`localhost` is the container itself.", suggestion=Suggestion("redis", 6379), services=("web",))
    out = github.render(result(tmp_path, [f]))
    assert out == ("::error file=web/app.py,line=5,col=12,endLine=5,endColumn=21,title=DW101::"
                   "`localhost` is the container itself.%0ASuggestion: redis:6379\n")


def test_warning_and_suppressed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = github.render(result(tmp_path, [
        finding("DW103", "warning", message="published port"),
        finding(line=8, suppressed=True),
    ]))
    lines = out.splitlines()
    assert len(lines) == 1
    cmd, props, msg = parse(lines[0])
    assert cmd == "warning" and props["title"] == "DW103" and msg == "published port"


def test_paths_relative_to_current_directory(tmp_path, monkeypatch):
    sub = tmp_path / "web"
    sub.mkdir()
    monkeypatch.chdir(sub)
    cmd, props, _ = parse(github.render(result(tmp_path, [finding()])).strip())
    assert props["file"] == "app.py"
    monkeypatch.chdir(tmp_path.parent)
    _, props, _ = parse(github.render(result(tmp_path, [finding()])).strip())
    assert props["file"] == f"{tmp_path.name}/web/app.py"


def test_escaping_data_and_properties(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    nasty_path = "we,b/a:p%p.py"
    message = "100% broken:\r\nline two, with :: colons"
    out = github.render(result(tmp_path, [finding(path=nasty_path, message=message)]))
    line = out.rstrip("\n")
    assert "\n" not in line and "\r" not in line
    assert "file=we%2Cb/a%3Ap%25p.py," in line
    assert line.endswith("::100%25 broken:%0D%0Aline two, with :: colons")
    cmd, props, msg = parse(line)
    assert props["file"] == nasty_path and props["line"] == "5" and props["endColumn"] == "21"
    assert msg == message


def test_escape_functions():
    assert github.escape_data("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"
    assert github.escape_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"
    # '%' first: no double escaping of the escapes themselves
    assert github.escape_data("%0A") == "%250A"


def test_file_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = github.render(result(tmp_path, errors=[FileError("compose.yaml", "bad YAML: mapping values"),
                                                 FileError("web/x.py", "invalid syntax", 3)]))
    first, second = out.splitlines()
    assert first.startswith("::error file=compose.yaml") and "line=" not in first
    assert parse(first)[2] == "bad YAML: mapping values"
    cmd, props, msg = parse(second)
    assert props["file"] == "web/x.py" and props["line"] == "3" and msg == "invalid syntax"


def test_credentials_redacted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = finding(message="`postgresql://app:hunter2@localhost:5432/app` is the container itself.")
    e = FileError("x.env", "cannot read DATABASE_URL=postgres://u:hunter2@db/x")
    out = github.render(result(tmp_path, [f], [e]))
    assert "hunter2" not in out


def test_nothing_to_report(tmp_path):
    assert github.render(result(tmp_path)) == ""
