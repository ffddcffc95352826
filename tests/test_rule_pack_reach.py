"""A configured rule pack counts everywhere a run looks, not only in `check`.

The pack here names ``myloop.example.com`` a loopback name (its own ``hosts`` table) and
rewrites DW101's summary.  The run loads the packs once (``RunResult.knowledge``); the
graph, the SARIF report, the language server's hover and the worker processes take that
knowledge, never the bundled packs alone: so `check` flags the name (DW101) and `graph`
draws it as the container itself, not as an external host.
"""
from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from dockwise import parallel
from dockwise.cli import cli
from dockwise.config import Config, load_config
from dockwise.engine import run_check
from dockwise.knowledge import rules_dir
from dockwise.report import graph, sarif

HOST = "myloop.example.com"
SUMMARY = "Team note: myloop.example.com is the container itself."
DIAL = f'import redis\nr = redis.Redis(host="{HOST}", port=6379)\n'


def make_project(root, *, pack: bool = True, modules: int = 1):
    (root / "app").mkdir(parents=True)
    (root / "compose.yaml").write_text("services:\n  app:\n    build: ./app\n    command: python main.py\n"
                                       "  redis:\n    image: redis\n")
    (root / "app" / "Dockerfile").write_text('FROM python:3.11\nWORKDIR /app\nCOPY . .\nCMD ["python", "main.py"]\n')
    (root / "app" / "main.py").write_text("".join(f"import m{i}\n" for i in range(1, modules)) + DIAL)
    for i in range(1, modules):
        (root / "app" / f"m{i}.py").write_text(DIAL)
    if pack:
        packs = root / "packs"
        packs.mkdir()
        (packs / "hosts.yaml").write_text(f"hosts:\n  loopback_names: [{HOST}]\n")
        entry = yaml.safe_load((rules_dir() / "codes" / "DW101.yaml").read_text(encoding="utf-8"))
        entry["summary"] = SUMMARY
        (packs / "DW101.yaml").write_text(yaml.safe_dump(entry), encoding="utf-8")
        (root / "pyproject.toml").write_text('[tool.dockwise]\nrule-packs = ["packs"]\n')
    return root


def flagged(result) -> list[tuple[str, int]]:
    return sorted((f.span.path, f.span.line) for f in result.active if f.code == "DW101")


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = make_project(tmp_path / "proj")
    monkeypatch.chdir(root)
    return root


def check(root):
    return run_check([root], load_config(root).with_options(cache=False))


def test_check_flags_the_pack_s_loopback_name(project):
    assert flagged(check(project)) == [("app/main.py", 2)]
    without = make_project(project.parent / "plain", pack=False)
    assert flagged(run_check([without], Config(cache=False))) == []


def test_graph_draws_it_as_the_container_itself(project):
    (project / "app" / "main.py").write_text(DIAL.replace("6379)", "6379)  # dockwise: ignore"))
    edges = json.loads(graph.render(run_check([project], load_config(project).with_options(cache=False),
                                              prefilter="hosts"), "json"))["edges"]
    assert [(e["source"], e["target"]) for e in edges if HOST in e["label"]] == [("p0_svc_app", "p0_svc_app")]
    # the same line without the pack: an external host
    plain = make_project(project.parent / "plain", pack=False)
    (plain / "app" / "main.py").write_text((project / "app" / "main.py").read_text())
    edges = json.loads(graph.render(run_check([plain], Config(cache=False), prefilter="hosts"), "json"))["edges"]
    assert [e["target"].startswith("ext_") for e in edges if HOST in e["label"]] == [True]


def test_graph_command_reads_the_configured_packs(project):
    out = CliRunner().invoke(cli, ["graph", "--no-cache", "--format", "json", "."])
    edges = json.loads(out.output)["edges"]
    assert [(e["source"], e["target"], e["codes"]) for e in edges if HOST in e["label"]] == \
        [("p0_svc_app", "p0_svc_app", ["DW101"])]


def test_sarif_reports_it_with_the_pack_s_rule(project):
    out = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "sarif", "."])
    run = json.loads(out.output)["runs"][0]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]] == \
        [("DW101", 2)]
    (rule,) = [r for r in run["tool"]["driver"]["rules"] if r["id"] == "DW101"]
    assert rule["shortDescription"]["text"] == SUMMARY
    assert sarif.build(check(project))["runs"][0]["tool"]["driver"]["rules"] == run["tool"]["driver"]["rules"]


def test_lsp_hover_explains_with_the_pack_s_rule(project):
    pytest.importorskip("pygls")
    from dockwise.lsp.analysis import Snapshot, analyse
    from dockwise.lsp.documents import OpenDoc
    from dockwise.lsp.hover import hover_text

    doc = OpenDoc(uri=(project / "app" / "main.py").as_uri(), path=project / "app" / "main.py", text=DIAL, version=1)
    analysis = analyse(Snapshot(doc=doc, others=[], encoding="utf-16"))
    assert [d.code for d in analysis.diagnostics] == ["DW101"]
    assert SUMMARY in hover_text(["DW101"], analysis.rules)


def test_worker_processes_load_the_configured_packs(tmp_path, monkeypatch):
    root = make_project(tmp_path / "many", modules=parallel.MIN_FILES + 4)
    monkeypatch.chdir(root)
    # spawn: a worker loads the knowledge itself (a forked one would inherit the parent's)
    monkeypatch.setenv("DOCKWISE_START_METHOD", "spawn")
    calls = []
    real = parallel.Analyser._start
    monkeypatch.setattr(parallel.Analyser, "_start", lambda self: calls.append(1) or real(self))
    result = run_check([root], load_config(root).with_options(cache=False, jobs=2))
    assert calls, "the pool was not used"
    assert not result.errors, result.errors
    assert len(flagged(result)) == parallel.MIN_FILES + 4


def test_rules_and_explain_show_the_project_packs(project):
    listed = CliRunner().invoke(cli, ["rules"])
    assert listed.exit_code == 0 and SUMMARY in " ".join(listed.output.split())
    explained = CliRunner().invoke(cli, ["explain", "DW101"])
    assert explained.exit_code == 0 and SUMMARY in " ".join(explained.output.split())
