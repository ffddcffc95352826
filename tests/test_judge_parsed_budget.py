"""The judge keeps parsed modules between files within a budget (``flow/judge.py``): the
modules that many files' searches read stay, the file just judged goes if it is large, and
a module read by one search is forgotten before one read by many.  Forgetting all of them
once past the budget had the modules every search reads (settings, models, the plugins a
registry names) parsed again for each file."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from dockwise.flow import judge as judge_mod


@dataclass
class _Module:
    text: str


@pytest.fixture
def judge(monkeypatch):
    monkeypatch.setattr(judge_mod, "PARSED_BUDGET", 100)
    monkeypatch.setattr(judge_mod, "LARGE_MODULE", 80)
    j = judge_mod.Judge.__new__(judge_mod.Judge)  # only the parsed-module bookkeeping
    j._parsed = judge_mod._Parsed()
    j._uses = {}
    return j


def _search(judge, parses: list[str], *rels: str, size: int = 30) -> None:
    """One file's search reading ``rels`` (parsing those not kept, as Flow.module does)."""
    for rel in rels:
        if rel not in judge._parsed:
            parses.append(rel)
            judge._parsed[rel] = _Module("x" * size)
        judge._parsed[rel]  # noqa: B018 - a read, as Flow.module returns it


def test_modules_every_search_reads_stay_parsed(judge):
    parses: list[str] = []
    for i in range(6):
        _search(judge, parses, "settings.py", "models.py", f"file{i}.py")
        judge._bound(f"file{i}.py")
    # 3 modules of 30 characters do not fit 100 with a fourth: each file's own module goes,
    # the two every search reads are parsed once
    assert parses.count("settings.py") == 1 and parses.count("models.py") == 1
    assert set(judge._parsed) >= {"settings.py", "models.py"}


def test_the_file_just_judged_goes_when_large(judge):
    parses: list[str] = []
    _search(judge, parses, "big_test.py", size=90)
    _search(judge, parses, "settings.py")
    judge._bound("big_test.py")
    assert "big_test.py" not in judge._parsed and "settings.py" in judge._parsed


def test_the_budget_holds(judge):
    parses: list[str] = []
    _search(judge, parses, "a.py", "b.py", "c.py", "d.py", "e.py")
    judge._bound("a.py")
    assert sum(len(m.text) for m in judge._parsed.values()) <= 100
