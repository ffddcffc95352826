"""The README stays a one-screen page (issue 16): short, its rules table generated from one
source (the rule entries in rules/codes/), and every relative link in it and in docs/ alive."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dockwise.knowledge import load_knowledge

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
PAGES = [README, *sorted((REPO / "docs").glob("*.md"))]

_FENCE = re.compile(r"^```.*?^```", re.M | re.S)  # code blocks: their brackets are not links
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6} (.+)$", re.M)


def test_readme_fits_in_12_kib():
    assert len(README.read_bytes()) < 12_288


def _rules_table() -> dict[str, tuple[str, str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Rules\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if re.match(r"\| DW\d+ \|", line):
            code, name, severity, summary = (cell.strip() for cell in line.strip().strip("|").split(" | "))
            rows[code] = (name, severity, summary)
    return rows


def test_readme_rules_table_follows_the_rule_entries():
    # the entries as `dockwise rules` and `dockwise explain` read them
    codes = load_knowledge().codes
    assert set(codes) == {p.stem for p in (REPO / "rules" / "codes").glob("*.yaml")}
    expected = {code: (e.name, e.severity, " ".join(e.summary.split())) for code, e in codes.items()}
    assert _rules_table() == expected


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_point_to_files_that_exist(page: Path):
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    broken = []
    for target in _LINK.findall(text):
        if re.match(r"[a-z]+:", target):  # https:, mailto: …
            continue
        path, _, fragment = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if not dest.exists():
            broken.append(target)
        elif fragment and dest.suffix == ".md":
            headings = _HEADING.findall(_FENCE.sub("", dest.read_text(encoding="utf-8")))
            if fragment not in {_anchor(h) for h in headings}:
                broken.append(target)
    assert not broken, f"{page.name}: broken links {broken}"
