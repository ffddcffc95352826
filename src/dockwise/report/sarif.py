"""SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

One run: ``tool.driver`` with a rule descriptor per code in the rule packs (help text from
``rules/codes/DWxxx.yaml``), one result per finding (suppressed ones included, marked with
an ``inSource`` suppression), fixes from the findings' edits, and ``partialFingerprints``
that survive unrelated edits to the file (built from path, rule, services and the flagged
text plus an occurrence index -- never from the message or the line number).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dockwise import __version__
from dockwise.knowledge import RuleEntry
from dockwise.model import Finding, RunResult, Span
from dockwise.report import safe, suggestion_text
from dockwise.rules_doc import render_entry

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/dockwise/dockwise"
FINGERPRINT_KEY = "dockwiseFingerprint/v1"
SRCROOT = "%SRCROOT%"
MAX_DESCRIPTION = 1024  # GitHub code scanning's limit for short/full descriptions

_LEVELS = {"error": "error", "warning": "warning"}


def level(severity: str | None) -> str:
    return _LEVELS.get(str(severity or "").lower(), "note")


def _truncate(text: str, limit: int = MAX_DESCRIPTION) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def rule_descriptor(code: str, entry: RuleEntry | None, default_severity: str | None = None) -> dict[str, Any]:
    """The reportingDescriptor of one rule (``entry``: its rules/codes entry; a code no
    rule entry has takes its findings' severity)."""
    if entry is None:
        entry = RuleEntry(code=code, applicability="none", severity=default_severity or "error")
    name = entry.name or code
    severity = entry.severity or default_severity or "error"
    summary = " ".join(entry.summary.split()) or name
    full = entry.why.strip() or summary
    rule: dict[str, Any] = {
        "id": code,
        "name": name,
        "shortDescription": {"text": _truncate(safe(summary))},
        "fullDescription": {"text": _truncate(safe(full))},
        "defaultConfiguration": {"level": level(severity)},
        "help": {
            "text": safe(render_entry(entry, markdown=False)),
            "markdown": safe(render_entry(entry, markdown=True)),
        },
        "helpUri": f"{INFORMATION_URI}/blob/main/rules/codes/{quote(code)}.yaml",
        "properties": {"tags": ["docker", "compose", "networking"]},
    }
    return rule


def artifact_uri(rel: str) -> str:
    """A root-relative posix path as a relative URI reference."""
    return quote(rel.replace("\\", "/").lstrip("/"), safe="/-._~!$&'()*+,;=@")


def root_uri(root: Path) -> str:
    uri = Path(root).absolute().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def region(span: Span) -> dict[str, int]:
    start_line = max(1, span.line)
    start_col = max(1, span.column)
    end_line = max(start_line, span.end_line)
    end_col = max(1, span.end_column)
    if end_line == start_line and end_col < start_col:
        end_col = start_col
    return {"startLine": start_line, "startColumn": start_col, "endLine": end_line, "endColumn": end_col}


def _location(rel: str) -> dict[str, Any]:
    return {"uri": artifact_uri(rel), "uriBaseId": SRCROOT}


def flagged_text(f: Finding) -> str:
    """The text a fingerprint is built from: the host as written (never the message)."""
    if f.flagged_text:
        return f.flagged_text
    if f.endpoint is not None:
        return f.endpoint.host or safe(f.endpoint.text)
    return f.target_host or ""


def fingerprints(findings: tuple[Finding, ...] | list[Finding]) -> list[str]:
    """A fingerprint per finding (same order).

    sha256 of (path, rule, sorted services, flagged text, occurrence index), where the
    index counts identical (path, rule, services, text) tuples in source order, so moving
    unrelated lines (or the finding itself) keeps every fingerprint.
    """
    keys = [(f.span.path, f.code, ",".join(sorted(f.services)), flagged_text(f)) for f in findings]
    order = sorted(range(len(findings)), key=lambda i: (findings[i].span.line, findings[i].span.column, i))
    seen: dict[tuple[str, str, str, str], int] = {}
    out = [""] * len(findings)
    for i in order:
        n = seen.get(keys[i], 0)
        seen[keys[i]] = n + 1
        payload = "\x1f".join((*keys[i], str(n)))
        out[i] = hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()
    return out


def _fixes(f: Finding) -> list[dict[str, Any]] | None:
    if f.fix is None or not f.fix.edits:
        return None
    by_path: dict[str, list[dict[str, Any]]] = {}
    for edit in sorted(f.fix.edits, key=lambda e: e.span):
        if safe(edit.content) != edit.content:
            return None  # the replacement carries a credential: never print it
        by_path.setdefault(edit.span.path, []).append(
            {"deletedRegion": region(edit.span), "insertedContent": {"text": edit.content}}
        )
    sug = suggestion_text(f.suggestion)
    description = f"Use {sug}" if sug else "Apply the suggested replacement"
    if f.fix.applicability != "safe":
        description += " (unsafe: review before applying)"
    return [{
        "description": {"text": safe(description)},
        "artifactChanges": [
            {"artifactLocation": _location(path), "replacements": reps} for path, reps in sorted(by_path.items())
        ],
        "properties": {"applicability": f.fix.applicability},
    }]


def _result(f: Finding, rule_index: int, fingerprint: str) -> dict[str, Any]:
    props: dict[str, Any] = {"services": list(f.services)}
    if f.suggestion is not None:
        props["suggestion"] = {"host": f.suggestion.host, "port": f.suggestion.port}
        props["suggestionText"] = suggestion_text(f.suggestion)
    if f.target_host is not None:
        props["target"] = {"host": safe(f.target_host), "port": f.target_port}
    res: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": safe(f.message) or f.code},
        "locations": [{
            "physicalLocation": {"artifactLocation": _location(f.span.path), "region": region(f.span)},
        }],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": props,
    }
    flow = _evidence(f)
    if flow:
        res.update(flow)
        if f.evidence is not None and f.evidence.entry:
            props["runs"] = {"entry": safe(f.evidence.entry), "chain": list(f.evidence.chain)}
    fixes = _fixes(f)
    if fixes:
        res["fixes"] = fixes
    if f.suppressed:
        res["suppressions"] = [{"kind": "inSource", "justification": "dockwise: ignore comment"}]
    return res


def _evidence(f: Finding) -> dict[str, Any]:
    """The evidence as SARIF: a code flow from the flagged text through the places the value
    passes to the sink that dials it, and the sink as a related location."""
    ev = f.evidence
    if ev is None or ev.sink is None:
        return {}

    def loc(span, text: str) -> dict[str, Any]:
        return {"physicalLocation": {"artifactLocation": _location(span.path), "region": region(span)},
                "message": {"text": safe(text)}}

    steps = [loc(f.span, "the value")] + [loc(s, "passed on") for s in ev.flow if s != f.span]
    steps.append(loc(ev.sink, f"dialled: {ev.kind}"))
    out: dict[str, Any] = {
        "codeFlows": [{"threadFlows": [{"locations": [{"location": step} for step in steps]}]}],
        "relatedLocations": [dict(loc(ev.sink, f"dialled: {ev.kind}"), id=1)],
    }
    return out


def _notification(result: RunResult, err, cwd: Path | None) -> dict[str, Any]:
    note: dict[str, Any] = {"level": "error", "message": {"text": safe(err.message) or "error"}}
    # FileError paths are shown relative to the current directory: make them root-relative
    base = Path(cwd) if cwd is not None else Path.cwd()
    path = Path(err.path)
    absolute = path if path.is_absolute() else base / path
    try:
        rel = absolute.resolve().relative_to(Path(result.root).resolve()).as_posix()
        loc: dict[str, Any] = _location("" if rel == "." else rel)
    except (ValueError, OSError):
        try:
            loc = {"uri": absolute.absolute().as_uri()}
        except ValueError:
            loc = {"uri": artifact_uri(err.path)}
    phys: dict[str, Any] = {"artifactLocation": loc}
    if err.line:
        reg: dict[str, int] = {"startLine": max(1, err.line)}
        if err.column:
            reg["startColumn"] = max(1, err.column)
        phys["region"] = reg
    note["locations"] = [{"physicalLocation": phys}]
    return note


def build(result: RunResult, *, cwd: Path | None = None) -> dict[str, Any]:
    """The SARIF log as a dict (``render`` serialises it); the rules are those of the run's
    knowledge (the bundled and the configured rule packs)."""
    assert result.knowledge is not None, "a run's result carries its knowledge (engine.run_check)"
    codes = result.knowledge.codes
    severities: dict[str, str] = {}
    for f in result.findings:
        severities.setdefault(f.code, f.severity)
    all_codes = sorted(set(codes) | set(severities))
    rules = [rule_descriptor(code, codes.get(code), severities.get(code)) for code in all_codes]
    index = {code: i for i, code in enumerate(all_codes)}
    findings = tuple(result.findings)
    prints = fingerprints(findings)
    results = [_result(f, index[f.code], fp) for f, fp in zip(findings, prints, strict=True)]
    invocation: dict[str, Any] = {"executionSuccessful": not result.errors}
    if result.errors:
        invocation["toolExecutionNotifications"] = [_notification(result, e, cwd) for e in result.errors]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "dockwise",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": root_uri(result.root)}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: RunResult, *, cwd: Path | None = None) -> str:
    return json.dumps(build(result, cwd=cwd), indent=2, ensure_ascii=False) + "\n"
