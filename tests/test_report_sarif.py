"""SARIF 2.1.0 output: schema validity, rules, locations, fixes, suppressions, fingerprints."""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from dockwise.knowledge import Knowledge, RuleEntry, RuleExample, default_knowledge
from dockwise.model import Edit, Endpoint, FileError, Finding, Fix, RunResult, Span, Suggestion
from dockwise.report import sarif

from tests.conftest import CORPUS

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"  # vendored: tests/schemas/README.md

LONG_WHY = "Inside a container, localhost is the container itself. " * 60  # > 1024 characters

KNOWLEDGE = Knowledge(codes={
    "DW101": RuleEntry(
        code="DW101", applicability="safe", name="localhost-in-container", severity="error",
        summary="A container connects to localhost, which is itself.", why=LONG_WHY,
        fix="Use the service name.",
        examples=(RuleExample(compose="services:\n  api: {build: .}\n  db: {image: postgres}\n",
                              invalid={"app.py": "connect(host='localhost')\n"},
                              valid={"app.py": "connect(host='db')\n"}),),
    ),
    "DW103": RuleEntry(
        code="DW103", applicability="none", name="published-port-inside", severity="warning",
        summary="A service is addressed by its published port.", why="Containers use container ports.",
    ),
})


def schema_validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)  # the schema declares draft-04
    cls.check_schema(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())


def validate(log: dict) -> None:
    validator = schema_validator()
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def finding(code="DW101", line=5, col=12, *, path="web/app.py", text="localhost", services=("web",),
            severity="error", message=None, **kw) -> Finding:
    span = Span(path, line, col, line, col + len(text))
    return Finding(
        code=code, severity=severity, span=span,
        message=message or f"`{text}` inside container `web` is the container itself; use `redis:6379`.",
        services=services, flagged_text=text, **kw,
    )


def run_result(root: Path, findings, errors=(), knowledge=KNOWLEDGE) -> RunResult:
    return RunResult(root=root, findings=tuple(findings), errors=tuple(errors), files_checked=3, knowledge=knowledge)


@pytest.fixture
def sample(tmp_path) -> RunResult:
    fixed = finding(
        suggestion=Suggestion("redis", 6379),
        fix=Fix((Edit(Span("web/app.py", 5, 12, 5, 21), "redis"),)),
        target_host="localhost", target_port=6379,
    )
    published = finding("DW103", 9, 30, text="15432", severity="warning", path="compose.yaml", services=("api",),
                        message="`db:15432` is the published port; use `db:5432`.", suggestion=Suggestion("db", 5432))
    ignored = finding(line=12, col=8, suppressed=True)
    return run_result(tmp_path, [fixed, published, ignored],
                      [FileError("web/broken.py", "invalid syntax", 3, 1), FileError("compose.yaml", "bad YAML")])


def test_validates_against_official_schema(sample):
    validate(sarif.build(sample))
    validate(json.loads(sarif.render(sample)))


def test_empty_run_validates(tmp_path):
    log = sarif.build(run_result(tmp_path, []))
    validate(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_top_level_and_driver(sample):
    log = sarif.build(sample)
    assert log["version"] == "2.1.0" and "$schema" in log and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    from dockwise import __version__

    assert driver["name"] == "dockwise"
    assert driver["version"] == driver["semanticVersion"] == __version__
    assert driver["informationUri"] == "https://github.com/dockwise/dockwise"
    assert run["columnKind"] == "unicodeCodePoints"
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file://") and base.endswith("/")
    assert base == sample.root.as_uri() + "/"


def test_rules(sample):
    rules = sarif.build(sample)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["DW101", "DW103"]
    r101, r103 = rules
    assert r101["name"] == "localhost-in-container"
    assert r101["shortDescription"]["text"] == "A container connects to localhost, which is itself."
    assert len(r101["fullDescription"]["text"]) <= 1024
    assert r101["fullDescription"]["text"].endswith("…")
    assert r101["defaultConfiguration"]["level"] == "error"
    assert r103["defaultConfiguration"]["level"] == "warning"
    assert "What it does" in r101["help"]["text"]
    assert "## How to fix" in r101["help"]["markdown"] and "```python" in r101["help"]["markdown"]


def test_bundled_rules_fit_code_scanning_limits(tmp_path):
    log = sarif.build(run_result(tmp_path, [], knowledge=default_knowledge()))  # the real rule packs
    validate(log)
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        assert len(rule["fullDescription"]["text"]) <= 1024
        assert 0 < len(rule["shortDescription"]["text"]) <= 1024
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")


def test_rule_added_for_code_missing_from_packs(tmp_path):
    log = sarif.build(run_result(tmp_path, [finding("DW999", severity="warning")]))
    validate(log)
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "DW999" in ids
    res = run["results"][0]
    assert ids[res["ruleIndex"]] == "DW999" and res["level"] == "warning"


def test_results(sample):
    run = sarif.build(sample)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == 3  # suppressed one included
    first = results[0]
    assert first["ruleId"] == "DW101" and rules[first["ruleIndex"]]["id"] == "DW101"
    assert first["level"] == "error"
    assert "use `redis:6379`" in first["message"]["text"]
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "web/app.py", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 5, "startColumn": 12, "endLine": 5, "endColumn": 21}
    assert first["properties"]["services"] == ["web"]
    assert first["properties"]["suggestion"] == {"host": "redis", "port": 6379}
    assert results[1]["level"] == "warning" and results[1]["ruleId"] == "DW103"
    assert "suppressions" not in first and "suppressions" not in results[1]


def test_suppressed_result(sample):
    results = sarif.build(sample)["runs"][0]["results"]
    sup = [r for r in results if "suppressions" in r]
    assert len(sup) == 1
    assert sup[0]["suppressions"][0]["kind"] == "inSource"
    assert sup[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 12


def test_fixes(sample):
    results = sarif.build(sample)["runs"][0]["results"]
    fix = results[0]["fixes"][0]
    assert "redis:6379" in fix["description"]["text"]
    change = fix["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": "web/app.py", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [{
        "deletedRegion": {"startLine": 5, "startColumn": 12, "endLine": 5, "endColumn": 21},
        "insertedContent": {"text": "redis"},
    }]
    assert "fixes" not in results[1]  # no edits, no fix


def test_fix_that_would_print_a_credential_is_left_out(tmp_path):
    f = finding(fix=Fix((Edit(Span("web/app.py", 5, 1, 5, 40), "postgresql://app:hunter2@db:5432/app"),)))
    log = sarif.build(run_result(tmp_path, [f]))
    assert "hunter2" not in json.dumps(log)
    assert "fixes" not in log["runs"][0]["results"][0]


def test_messages_are_redacted(tmp_path):
    f = finding(message="`postgresql://app:hunter2@localhost:5432/app` inside `web` is the container itself.")
    err = FileError("web/settings.py", "cannot parse DATABASE_URL=postgresql://app:hunter2@db/app")
    out = sarif.render(run_result(tmp_path, [f], [err]))
    assert "hunter2" not in out and "****" in out


def test_fingerprints_stable_when_lines_are_inserted_above(tmp_path):
    before = [
        finding(line=5, col=12),
        finding(line=9, col=12),  # the same text again: told apart by occurrence
        finding("DW103", 14, 20, text="15432", severity="warning", path="compose.yaml", services=("api",)),
    ]
    moved = [replace(f, span=replace(f.span, line=f.span.line + 3, end_line=f.span.end_line + 3)) for f in before]
    reworded = [replace(f, message="A different wording of the message.") for f in moved]

    def prints(findings):
        return [r["partialFingerprints"]["dockwiseFingerprint/v1"]
                for r in sarif.build(run_result(tmp_path, findings))["runs"][0]["results"]]

    a, b, c = prints(before), prints(moved), prints(reworded)
    assert a == b == c
    assert len(set(a)) == 3  # identical (path, rule, service, text) tuples still differ

    # a column shift (text edited earlier on the line) keeps it too
    shifted = [replace(f, span=replace(f.span, column=f.span.column + 4, end_column=f.span.end_column + 4)) for f in before]
    assert prints(shifted) == a
    # what it is built from does matter
    assert prints([replace(before[0], flagged_text="127.0.0.1")])[0] != a[0]
    assert prints([replace(before[0], services=("worker",))])[0] != a[0]
    assert prints([replace(before[0], span=replace(before[0].span, path="api/app.py"))])[0] != a[0]
    assert prints([replace(before[0], code="DW102")])[0] != a[0]


def test_fingerprint_falls_back_to_endpoint_host(tmp_path):
    span = Span("web/app.py", 3, 5, 3, 14)
    ep = Endpoint(span, "localhost", 6379)
    f = Finding("DW101", "error", span, "m", ("web",), endpoint=ep)
    g = replace(f, span=replace(span, line=30, end_line=30), message="other")
    fa = sarif.fingerprints([f])[0]
    assert fa == sarif.fingerprints([g])[0]
    assert fa != sarif.fingerprints([replace(f, endpoint=replace(ep, host="127.0.0.1"))])[0]


def test_file_errors_become_notifications(sample, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = sarif.build(sample)["runs"][0]
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    notes = inv["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["invalid syntax", "bad YAML"]
    assert all(n["level"] == "error" for n in notes)
    loc = notes[0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "web/broken.py", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 3, "startColumn": 1}


def test_unusual_paths_are_uri_encoded(tmp_path):
    f = finding(path="my app/ünï#1.py")
    log = sarif.build(run_result(tmp_path, [f]))
    validate(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20app/%C3%BCn%C3%AF%231.py"


# --------------------------------------------------------------------------- the corpus


CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").is_file()) if CORPUS.is_dir() else []


@pytest.mark.parametrize("case", CASES)
def test_corpus_sarif_validates(case, tmp_path, monkeypatch):
    from dockwise.config import Config
    from dockwise.engine import run_check

    project = tmp_path / case
    shutil.copytree(CORPUS / case, project)
    monkeypatch.chdir(project)
    result = run_check([Path(".")], Config(cache=False))
    log = sarif.build(result)
    validate(log)
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(run["results"]) == len(result.findings)
    for res, f in zip(run["results"], result.findings):
        assert ids[res["ruleIndex"]] == res["ruleId"] == f.code
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == sarif.artifact_uri(f.span.path)
    prints = [r["partialFingerprints"]["dockwiseFingerprint/v1"] for r in run["results"]]
    assert len(set(prints)) == len(prints)


def test_bundled_example_sarif_validates(tmp_path, monkeypatch):
    from dockwise.config import Config
    from dockwise.engine import run_check
    from dockwise.fix.plan import attach_fixes

    project = tmp_path / "shop"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "shop", project)
    (project / ".git").mkdir()
    monkeypatch.chdir(project)
    result = attach_fixes(run_check([Path(".")], Config(cache=False)))
    log = sarif.build(result)
    validate(log)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"DW101", "DW103", "DW106"}
    assert any(r.get("fixes") for r in results)
