"""`dockwise graph`: the layout and connect targets as Mermaid and Graphviz DOT."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dockwise.knowledge import default_knowledge
from dockwise.layout.model import Attachment, Layout, Network, Port, Project, Service
from dockwise.model import Endpoint, Finding, RunResult, Span, Suggestion
from dockwise.report import graph
from dockwise.report.graph import builder as graph_builder
from dockwise.report.graph.dot import dot_text
from dockwise.report.graph.mermaid import mermaid_text
from dockwise.report.graph.model import node_id

from tests.conftest import CORPUS

KNOWLEDGE = default_knowledge()  # the bundled rule packs, as a run without packs loads them

ID = r"[A-Za-z_][A-Za-z0-9_]*"


def svc(name, project="", networks=("default",), **kw) -> Service:
    return Service(name=name, project=project, networks=tuple(Attachment(n) for n in networks), **kw)


def sample_layout(root: Path) -> Layout:
    services = (
        svc("web", networks=("frontend",), build_context="web", extra_hosts=(("host.docker.internal", "host-gateway"),),
            ports=(Port(8000, 8080),)),
        svc("db", networks=("backend",), image="postgres:16", ports=(Port(5432, 15432, span=Span("compose.yaml", 9, 12, 9, 17)),)),
        svc("redis", networks=("backend",), image="redis:7"),
        svc("my-api.v2", networks=("backend", "frontend"), ports=(Port(9000, 9000, host_ip="127.0.0.1"), Port(53, 5353, protocol="udp"))),
        svc("hostnet", networks=(), network_mode="host"),
        svc("isolated", networks=(), network_mode="none"),
        svc("sidecar", networks=(), network_mode="service:web"),
    )
    project = Project(dir="", files=("compose.yaml",), name="shop", services=services,
                      networks=(Network("backend", internal=True), Network("frontend")))
    implicit = Service(name="tool", project="tools", implicit=True, dockerfile="tools/Dockerfile")
    return Layout(root=str(root), projects=(project,), containers=(implicit,))


def ep(path, line, col, host, port=None, *, services=(), project=None, role="connect", port_span=None) -> Endpoint:
    return Endpoint(Span(path, line, col, line, col + len(host)), host, port, role=role, services=services,
                    project=project, port_span=port_span)


@pytest.fixture
def fake_owners(monkeypatch):
    """Stand-in for dockwise.layout.build.owners: web/ is run by `web`, api/ by `my-api.v2`."""
    def owners(layout, path):
        project = layout.projects[0]
        if path.startswith("web/"):
            return (project.service("web"),)
        if path.startswith("api/"):
            return (project.service("my-api.v2"),)
        return ()

    monkeypatch.setattr(graph_builder, "owners", owners)
    return owners


@pytest.fixture
def sample(tmp_path, fake_owners) -> RunResult:
    layout = sample_layout(tmp_path)
    local = ep("web/app.py", 5, 20, "localhost", 6379)
    published = ep("compose.yaml", 14, 30, "db", 15432, services=("my-api.v2",), project="",
                   port_span=Span("compose.yaml", 14, 33, 14, 38))
    endpoints = (
        local,
        ep("web/app.py", 7, 20, "redis", 6379),
        ep("api/main.py", 3, 10, "db", 5432),
        published,
        ep("api/main.py", 9, 10, "host.docker.internal", 8080),
        ep("api/main.py", 11, 10, "payments.example.com", 443),
        ep("compose.yaml", 20, 10, "localhost", 5432, services=("hostnet",), project=""),
        ep("compose.yaml", 21, 10, "0.0.0.0", 80, services=("web",), project="", role="bind"),
        Endpoint(Span("compose.yaml", 22, 15, 22, 34), "user:****@cache", 11211, services=("redis",), project="",
                 text="memcached://user:****@cache:11211"),
    )
    findings = (
        Finding("DW101", "error", local.span, "`localhost` in container `web` is the container itself; use `redis:6379`.",
                ("web",), suggestion=Suggestion("redis", 6379), flagged_text="localhost", endpoint=local),
        Finding("DW103", "error", published.port_span, "`db:15432` is the published port; use `db:5432`.",
                ("my-api.v2",), suggestion=Suggestion("db", 5432), flagged_text="15432"),
    )
    return RunResult(root=tmp_path, findings=findings, errors=(), files_checked=4, layout=layout, endpoints=endpoints,
                     knowledge=KNOWLEDGE)


def mermaid_structure(text: str) -> list[str]:
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    depth = 0
    for line in lines[1:]:
        s = line.strip()
        if s.startswith("subgraph "):
            assert re.fullmatch(rf'subgraph {ID}\["[^"]*"\]', s), s
            depth += 1
        elif s == "end":
            depth -= 1
            assert depth >= 0
        elif s.startswith(("class ", "classDef ", "linkStyle ")):
            continue
        elif " -" in s:
            assert re.fullmatch(rf'{ID} (-->|-\.->|-\.-)(\|"[^"]*"\|)? {ID}', s), s
        else:
            assert re.fullmatch(rf'{ID}(\["[^"]*"\]|\{{\{{"[^"]*"\}}\}}|\[\("[^"]*"\)\]|\(\["[^"]*"\]\)|\[/"[^"]*"/\])', s), s
    assert depth == 0
    return lines


def edges(text: str) -> list[str]:
    """The edge lines, each label without its second line (where the targets are written)."""
    return [re.sub(r'<br/>[^"|]*"\|', '"|', l.strip())
            for l in text.splitlines() if re.match(rf"\s*{ID} (-->|-\.->|-\.-)", l)]


def test_mermaid(sample):
    out = graph.render(sample, "mermaid")
    lines = mermaid_structure(out)
    assert out == graph.render(sample, "mermaid")  # deterministic
    text = "\n".join(lines)
    # networks as subgraphs; a single project needs no project wrapper
    assert 'subgraph p0_net_backend["network backend #40;internal#41;"]' not in text  # parentheses are fine in quotes
    assert 'subgraph p0_net_backend["network backend (internal)"]' in text
    assert 'subgraph p0_net_frontend["network frontend"]' in text
    assert "project" not in text.split("subgraph", 1)[1].split("\n", 1)[0]
    # sanitised ids; labels keep the real name and the published ports
    ids = set(re.findall(rf"^\s*({ID})\[", text, re.M))
    api = next(i for i in ids if i.startswith("p0_svc_my_api_v2"))
    assert re.search(rf'{api}\["my-api.v2<br/>53/udp ← host 5353<br/>9000 ← host 127.0.0.1:9000"\]', text)
    assert 'p0_svc_db["db<br/>5432 ← host 15432"]' in text
    assert 'p0_svc_hostnet["hostnet<br/>network_mode: host"]' in text
    assert 'p0_svc_isolated["isolated<br/>network_mode: none"]' in text
    # a service on two networks is tied to both
    assert f"{api} -.- p0_hub_backend" in text and f"{api} -.- p0_hub_frontend" in text
    # Docker host, host-gateway and network_mode host
    assert 'docker_host[("Docker host")]' in text
    assert 'p0_svc_web -.->|"extra_hosts host.docker.internal"| docker_host' in text
    assert 'p0_svc_hostnet -.-|"network_mode: host"| docker_host' in text
    assert 'p0_svc_sidecar -.-|"network_mode: service:web"| p0_svc_web' in text
    # connect targets
    es = edges(text)
    assert 'p0_svc_web -.->|"DW101 localhost:6379"| p0_svc_web' in es  # brittle: to itself
    assert 'p0_svc_web -->|"redis:6379"| p0_svc_redis' in es
    # one edge per (service, target): the finding's code before the flagged address, the
    # edge's other address (no rule flags it) after "also"
    assert f'{api} -.->|"DW103 db:15432; also db:5432"| p0_svc_db' in es
    assert f'{api} -->|"host.docker.internal:8080"| docker_host' in es
    ext = next(e for e in es if "payments.example.com:443" in e).split()[-1]
    assert re.search(rf'{ext}\(\["payments.example.com"\]\)', text)
    assert 'p0_svc_hostnet -->|"localhost:5432"| docker_host' in es  # localhost on the host network is the host
    assert not any("0.0.0.0" in e for e in es)  # binds are not connect targets
    # brittle edges are styled red by index
    indices = [i for i, e in enumerate(es) if "DW1" in e]
    style = next(l for l in lines if l.strip().startswith("linkStyle") and "#d00" in l)
    assert style.split()[1] == ",".join(map(str, indices))
    # the implicit container
    assert re.search(r'subgraph standalone\["containers without Compose', text)


def test_no_credentials(sample):
    for fmt in ("mermaid", "dot"):
        out = graph.render(sample, fmt)
        assert "hunter2" not in out


def test_credentials_in_hosts_are_redacted(tmp_path):
    layout = Layout(root=str(tmp_path), projects=(Project("", ("compose.yaml",), "x", (svc("app"),)),))
    bad = ep("compose.yaml", 3, 5, "app:hunter2@evil.example.com", 80, services=("app",), project="")
    result = RunResult(tmp_path, (), (), 1, layout=layout, endpoints=(bad,), knowledge=KNOWLEDGE)
    for fmt in ("mermaid", "dot"):
        assert "hunter2" not in graph.render(result, fmt)


def test_dot(sample):
    out = graph.render(sample, "dot")
    assert out == graph.render(sample, "dot")
    assert out.startswith("digraph dockwise {") and out.rstrip().endswith("}")
    assert out.count("{") == out.count("}")
    assert 'subgraph cluster_p0_net_backend {' in out
    assert 'label="network backend (internal)";' in out
    assert 'p0_svc_db [label="db\\n5432 ← host 15432"' in out
    assert 'docker_host [label="Docker host", shape=box3d' in out
    assert re.search(r'p0_svc_web -> p0_svc_web \[label="DW101 localhost:6379\\n[^"]*", color="#dd0000"[^\]]*style=dashed', out)
    assert re.search(r'p0_svc_web -> p0_svc_redis \[label="redis:6379\\n[^"]*"\];', out)
    for line in out.splitlines():
        s = line.strip()
        m = re.match(rf"({ID}) -> ({ID})", s)
        if m:
            assert s.endswith(";")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
def test_dot_renders_with_graphviz(sample):
    out = graph.render(sample, "dot")
    proc = subprocess.run(["dot", "-Tsvg"], input=out.encode("utf-8"), capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"<svg" in proc.stdout
    assert not proc.stderr.strip(), proc.stderr.decode()  # no syntax warnings either


def test_escaping():
    assert mermaid_text('a"b#c<d>|e\nf') == "a#34;b#35;c#60;d#62;#124;e<br/>f"
    assert dot_text('a"b\\c\nd') == 'a\\"b\\\\c\\nd'
    assert node_id("p0", "svc", "web") == "p0_svc_web"
    a, b = node_id("p0", "svc", "web-1"), node_id("p0", "svc", "web_1")
    assert a != b and re.fullmatch(ID, a) and re.fullmatch(ID, b)
    assert re.fullmatch(ID, node_id("ext", "::1")) and re.fullmatch(ID, node_id("c", "", "x"))


def test_names_needing_escapes(tmp_path):
    weird = svc('we"b.1-x', networks=('net-"a"',))
    layout = Layout(root=str(tmp_path), projects=(Project("", ("compose.yaml",), "x", (weird,)),))
    target = ep("compose.yaml", 3, 5, 'ex"ternal\\host', 80, services=(weird.name,), project="")
    result = RunResult(tmp_path, (), (), 1, layout=layout, endpoints=(target,), knowledge=KNOWLEDGE)
    mermaid_structure(graph.render(result, "mermaid"))
    dot = graph.render(result, "dot")
    assert 'label="we\\"b.1-x"' in dot
    if shutil.which("dot"):
        proc = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, timeout=60)
        assert proc.returncode == 0, proc.stderr.decode()


def test_monorepo_projects(tmp_path):
    a = Project("services/a", ("services/a/compose.yaml",), "a", (svc("api", "services/a"), svc("db", "services/a")))
    b = Project("services/b", ("services/b/compose.yaml",), "b", (svc("api", "services/b"),))
    layout = Layout(root=str(tmp_path), projects=(b, a))
    # `db` is resolved in the runner's own project
    e = ep("services/a/compose.yaml", 6, 20, "db", 5432, services=("api",), project="services/a")
    result = RunResult(tmp_path, (), (), 1, layout=layout, endpoints=(e,), knowledge=KNOWLEDGE)
    out = graph.render(result, "mermaid")
    mermaid_structure(out)
    assert 'subgraph p0["project services/a (services/a/compose.yaml)"]' in out
    assert 'subgraph p1["project services/b (services/b/compose.yaml)"]' in out
    assert "p0_svc_api" in out and "p1_svc_api" in out
    assert 'p0_svc_api -->|"db:5432"| p0_svc_db' in edges(out)
    dot = graph.render(result, "dot")
    assert "subgraph cluster_p0 {" in dot and "subgraph cluster_p0_net_default {" in dot


def test_unowned_python_endpoint_without_owners(tmp_path, monkeypatch):
    """No service owns the file: the target still appears, from its file."""
    monkeypatch.setattr(graph_builder, "owners", lambda layout, path: ())
    layout = Layout(root=str(tmp_path), projects=(Project("", ("compose.yaml",), "x", (svc("app"),)),))
    result = RunResult(tmp_path, (), (), 1, layout=layout, endpoints=(ep("scripts/x.py", 1, 1, "app", 80),),
                       knowledge=KNOWLEDGE)
    out = graph.render(result, "mermaid")
    mermaid_structure(out)
    assert any(re.fullmatch(r'file_scripts_x_py_\w+ -->\|"app:80"\| p0_svc_app', e) for e in edges(out))


def test_a_bug_in_owners_is_not_hidden(tmp_path, monkeypatch):
    """A failing ownership lookup is a bug: it reaches the graph command's boundary (which
    reports an internal error), never a graph drawn as if no service owned the file."""
    def owners(layout, path):
        raise RuntimeError("boom")

    monkeypatch.setattr(graph_builder, "owners", owners)
    layout = Layout(root=str(tmp_path), projects=(Project("", ("compose.yaml",), "x", (svc("app"),)),))
    result = RunResult(tmp_path, (), (), 1, layout=layout, endpoints=(ep("scripts/x.py", 1, 1, "app", 80),),
                       knowledge=KNOWLEDGE)
    with pytest.raises(RuntimeError, match="boom"):
        graph.render(result, "mermaid")


def test_empty_layout(tmp_path):
    result = RunResult(tmp_path, (), (), 0, knowledge=KNOWLEDGE)
    assert "no Compose services" in graph.render(result, "mermaid")
    dot = graph.render(result, "dot")
    assert "no Compose services" in dot
    with pytest.raises(ValueError):
        graph.render(result, "svg")


# --------------------------------------------------------------------------- the corpus


CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").is_file()) if CORPUS.is_dir() else []


@pytest.mark.parametrize("case", CASES)
def test_corpus_graph_renders(case, tmp_path, monkeypatch):
    from dockwise.config import Config
    from dockwise.engine import run_check

    project = tmp_path / case
    shutil.copytree(CORPUS / case, project)
    monkeypatch.chdir(project)
    result = run_check([Path(".")], Config(cache=False))
    mermaid_structure(graph.render(result, "mermaid"))
    dot = graph.render(result, "dot")
    for f in result.active:
        if f.endpoint is not None and f.endpoint.role == "connect":
            assert f.code in dot
    if shutil.which("dot"):
        proc = subprocess.run(["dot", "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, timeout=60)
        assert proc.returncode == 0, proc.stderr.decode()


def test_one_edge_per_service_and_target_with_where_it_is_written(tmp_path):
    layout = Layout(root=str(tmp_path), projects=(Project("", ("compose.yaml",), "x", (svc("app"), svc("db"))),))
    eps = (ep("app/a.py", 3, 5, "db", 5432, services=("app",), project=""),
           ep("app/b.py", 7, 9, "db", 5432, services=("app",), project=""),
           ep("app/c.py", 1, 1, "sys.stdout", None, services=("app",), project=""),
           ep("app/c.py", 2, 1, "true", None, services=("app",), project=""),
           ep("app/c.py", 3, 1, "api.github.com", 443, services=("app",), project=""))
    out = graph.render(RunResult(tmp_path, (), (), 3, layout=layout, endpoints=eps, knowledge=KNOWLEDGE), "mermaid")
    lines = [l.strip() for l in out.splitlines() if "p0_svc_app -->" in l]
    to_db = [l for l in lines if l.endswith("p0_svc_db")]
    assert to_db == ['p0_svc_app -->|"db:5432<br/>app/a.py:3, app/b.py:7"| p0_svc_db']
    assert any("api.github.com:443" in l for l in lines)
    assert "stdout" not in out and "true" not in out  # no external node for names that are no hosts


def test_fallbacks_no_rule_flags_are_dashed(tmp_path):
    from dataclasses import replace

    layout = Layout(root=str(tmp_path), projects=(Project("", ("compose.yaml",), "x", (svc("app"),)),))
    fb = replace(ep("app/a.py", 3, 5, "api.example.com", 443, services=("app",), project=""), fallback_for="API_URL")
    out = graph.render(RunResult(tmp_path, (), (), 1, layout=layout, endpoints=(fb,), knowledge=KNOWLEDGE), "json")
    import json as _json

    (edge,) = [e for e in _json.loads(out)["edges"] if "api.example.com" in e["label"]]
    assert edge["style"] == "fallback"


def test_dockerfiles_of_one_directory_are_separate_containers(tmp_path, monkeypatch):
    import json as _json

    from dockwise.config import Config
    from dockwise.engine import run_check

    for name in ("Dockerfile", "Dockerfile.jobs", "ingest.Dockerfile"):
        (tmp_path / name).write_text("FROM python:3.12-slim\nCOPY . /x\n")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    data = _json.loads(graph.render(run_check([Path(".")], Config(cache=False)), "json"))
    firsts = {n["id"]: n["label"].split("\n")[0] for n in data["nodes"] if "Dockerfile" in n["label"]}
    assert sorted(firsts.values()) == [
        f"{tmp_path.name} (Dockerfile)", f"{tmp_path.name} (Dockerfile.jobs)", f"{tmp_path.name} (ingest.Dockerfile)"]


def test_graph_takes_jobs_like_check(tmp_path, monkeypatch):
    """`dockwise graph -j N` as `dockwise check -j N`: the same worker option, the same graph."""
    from click.testing import CliRunner

    from dockwise.cli import cli

    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    build: .\n  db:\n    image: postgres:16\n")
    (tmp_path / "Dockerfile").write_text('FROM python:3.12\nCOPY app.py .\nCMD ["python", "app.py"]\n')
    (tmp_path / "app.py").write_text('import psycopg\npsycopg.connect("postgresql://db:5432/app")\n')
    monkeypatch.chdir(tmp_path)
    one = CliRunner().invoke(cli, ["graph", "--no-cache", "--format", "json", "-j", "1", "."])
    two = CliRunner().invoke(cli, ["graph", "--no-cache", "--format", "json", "--jobs", "2", "."])
    assert one.exit_code == 0, one.output
    assert two.exit_code == 0, two.output
    assert one.output == two.output and '"db"' in one.output
    assert CliRunner().invoke(cli, ["graph", "-j", "0", "."]).exit_code == 2  # as check refuses it
