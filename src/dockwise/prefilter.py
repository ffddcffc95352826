"""A byte-level test that skips Python files which cannot hold a finding.

LibCST is by far the most expensive stage, and in a real code base only a few percent of
the files contain anything a rule can report.  Before a file is decoded and parsed,
:class:`Prefilter` looks at its raw bytes (lower-cased once) for the text every finding
needs somewhere in the file:

* a host with a fixed meaning: the loopback names of ``rules/hosts.yaml``
  (``localhost`` ...), ``127.x``, ``0.0.0.0``, the loopback / unspecified IPv6 spellings
  (``::1``, ``[::]``, ``"::"``, ``0:0:..:1``, ``::ffff:``), the Docker host aliases
  (``host.docker.internal``, the deprecated ``docker.for.*`` names);
* an IPv4 address that a rule can flag: one inside Docker's default bridge subnet, a
  Compose network's subnet, or a service's fixed ``ipv4_address`` (any IPv6 literal when
  the layout declares IPv6 subnets or addresses);
* a call of a server start that binds loopback by default (``app.run(``: the last name of
  every ``rules/clients.yaml`` entry with a ``default_host``);
* a name of the layout (service, ``container_name``, ``hostname``, network alias, link):
  DW103 / DW104 and the cross-file DW109 need the exact name;
* for files run by a Compose service: a word in host position (a URL's host, a quoted
  ``host:port``, the value of a host-like key) within the DW105 typo distance of such a name
  (the resolver's check, through a deletion index: independent of how many names there are),
  or a container ID there (DW102);
* for files run by a service with ``network_mode: none`` (DW108 flags any host) or
  ``service:`` / ``container:`` (which may lead there): nothing is skipped.

The tests are case-insensitive and conservative.  Known blind spots (documented, not
seen in real code): a host spelt with escape sequences (``"local\\x68ost"``) or split across
concatenated literals (``"local" "host"``), and inet_aton spellings of loopback other
than ``127.x`` (``"2130706433"``, ``"0x7f.1"``, ``"0"``).  ``tests/test_prefilter.py``
checks that every rule example and the shared corpus report the same with and without
the prefilter.

Per literal, not only per file: :meth:`Prefilter.lines` gives the lines of a kept file
where those tests match, and ``extract/focus.py`` hands LibCST only the statements on
them (with what gives them context): a test module that mentions ``localhost`` in one
fixture is parsed as that fixture.
"""
from __future__ import annotations

import bisect
import hashlib
import ipaddress
import re
from typing import Any, Iterable, Sequence

from dockwise.extract.hostkind import container_id
from dockwise.typo import TypoIndex

__all__ = ["Prefilter", "KEEP_ALL_MODES"]

# network modes whose services may have no network at all (DW108: any host is a finding)
KEEP_ALL_MODES = ("none", "service:", "container:")

# where a host stands: a URL's host, a quoted host:port, the value of a host-like key or keyword
# (the reference patterns; ``host_words`` finds the same matches faster)
_HOST_POSITIONS = (
    re.compile(rb"://(?:[^@/\s\"']*@)?([a-z0-9][a-z0-9._-]*)"),
    re.compile(rb"[\"'=,\s]([a-z0-9][a-z0-9._-]*):\d{2,5}(?![\d.])"),
    re.compile(rb"(?:host|server|addr|address|endpoint|location|broker|node)s?\w*[\"']?\s*[:=]\s*\(?\s*[\"']([a-z0-9][a-z0-9._-]*)[\"']"),
)
# The last two patterns start with a character class or an alternation of words, so ``re``
# tries them at nearly every offset of a file (a third of the prefilter's time on a large
# code base).  ``host_words`` starts from what they must contain instead: the ``:port`` of
# the second (the host is the run of host characters right before it, after a delimiter),
# the key words of the third (found with ``bytes.find``, the pattern matched there).
_PORT_AFTER = re.compile(rb":\d{2,5}(?![\d.])")
_HOST_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789._-")
_HOST_FIRST = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
_HOST_DELIMS = frozenset(b"\"'=, \t\n\r\x0b\x0c")
_KEY_WORDS = (b"host", b"server", b"addr", b"endpoint", b"location", b"broker", b"node")


def host_words(low: bytes) -> Iterable[tuple[int, bytes]]:
    """(offset, word) of every word in host position in ``low`` (lower-cased bytes): the
    matches of each ``_HOST_POSITIONS`` pattern's group, pattern by pattern, in order."""
    for m in _HOST_POSITIONS[0].finditer(low):
        yield m.start(1), m.group(1)
    for m in _PORT_AFTER.finditer(low):
        end = i = m.start()
        while i > 0 and low[i - 1] in _HOST_CHARS:
            i -= 1
        if i < end and i > 0 and low[i] in _HOST_FIRST and low[i - 1] in _HOST_DELIMS:
            yield i, low[i:end]
    keyed = _HOST_POSITIONS[2]
    starts: list[int] = []
    for word in _KEY_WORDS:
        i = low.find(word)
        while i >= 0:
            starts.append(i)
            i = low.find(word, i + 1)
    last = 0
    for i in sorted(starts):
        if i < last:
            continue  # inside the previous match: the pattern's scan resumes after it
        km = keyed.match(low, i)
        if km is not None:
            last = km.end()
            yield km.start(1), km.group(1)


_NEWLINE = re.compile(rb"\n")


_WINDOW = 64  # bytes around an anchor a windowed verifier looks at


def trie_pattern(words: Iterable[str]) -> str:
    """One regex source matching any of ``words``, longer ones first, written as a trie
    (``worker(?:\\-(?:1|2))?``): a plain alternation is tried word by word at every offset
    of a file, so its cost grows with the number of words (the services of a platform);
    a trie's grows with their length only."""
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if ends:  # the word may stop here: the longer words are tried first
            return (body if len(alts) > 1 else "(?:" + body + ")") + "?"
        return body

    return emit(trie)


def _around(low: bytes, anchor: bytes, rx: re.Pattern[bytes]) -> Iterable[int]:
    """Start offsets of ``rx``'s matches that contain an occurrence of ``anchor``."""
    i = low.find(anchor)
    last = -1
    while i >= 0:
        for m in rx.finditer(low, max(0, i - _WINDOW), i + len(anchor) + _WINDOW):
            if m.start() <= i < m.end() and m.start() > last:
                last = m.start()
                yield m.start()
        i = low.find(anchor, i + 1)


def _label_start(low: bytes, start: int) -> bool:
    """A match at ``start`` begins a label: no letter, digit, ``_``, ``-`` or non-ASCII byte before it."""
    if start == 0:
        return True
    c = low[start - 1]
    return not (c == 45 or c == 95 or c >= 128 or 48 <= c <= 57 or 97 <= c <= 122 or 65 <= c <= 90)


def _minimal(tokens: Iterable[str]) -> list[str]:
    """Tokens with those containing another token dropped (the shorter one matches too)."""
    uniq = sorted({t.lower() for t in tokens if t}, key=lambda t: (len(t), t))
    out: list[str] = []
    for t in uniq:
        if not any(o in t for o in out):
            out.append(t)
    return out


def _v4_prefix(net: ipaddress.IPv4Network) -> tuple[str, str | None] | None:
    """(anchor, verifier) for the dotted text of addresses in ``net`` (None: any address)."""
    p = net.prefixlen
    if p < 8:
        return None
    octets = str(net.network_address).split(".")
    full = p // 8
    anchor = ".".join(octets[:full]) + ("." if full < 4 else "")
    rest = p % 8
    if rest and full < 4:
        lo = int(octets[full])
        hi = lo + (1 << (8 - rest)) - 1
        return anchor, re.escape(anchor) + "(?:" + "|".join(str(n) for n in range(lo, hi + 1)) + r")(?!\d)"
    return anchor, None


def _layout_addresses(layout: Any, subnets: list) -> tuple[list[tuple[str, str | None]], bool]:
    """The checks for the IPv4 addresses a rule can flag: inside ``subnets`` (Docker's
    default bridge) and the layout's networks, or a service's fixed address; and whether
    the layout declares IPv6 (then any IPv6 literal counts)."""
    checks: list[tuple[str, str | None]] = []
    fixed_ips: list[str] = []
    ipv6 = False
    for project in layout.projects:
        for net in project.networks:
            subnets.extend(net.subnets)
        for svc in project.services:
            for att in svc.networks:
                if att.ipv4_address:
                    fixed_ips.append(att.ipv4_address)
                if att.ipv6_address:
                    ipv6 = True
    any_v4 = False
    for cidr in subnets:
        try:
            net = ipaddress.ip_network(str(cidr).strip(), strict=False)
        except ValueError:
            any_v4 = True  # unknown: be conservative
            continue
        if net.version == 6:
            ipv6 = True
            continue
        prefix = _v4_prefix(net)
        if prefix is None:
            any_v4 = True
        else:
            checks.append(prefix)
    for ip in fixed_ips:
        text = ip.strip().strip("[]").lower()
        checks.append((text, re.escape(text) + r"(?!\d)"))
    if any_v4:
        checks.append((".", r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"))
    return checks, ipv6


def _server_calls(knowledge: Any) -> set[tuple[bool, bytes, str]]:
    """The server starts that bind loopback by default, and the clients that dial it when given
    no address: (whether it needs an entry, the call's module, which the file must spell in an
    import, and a pattern of the called name).  A client's call is one whose first argument is
    none or a keyword (``Redis()``, ``MongoClient(connect=False)``): a positional first argument
    is its address (``MongoClient(host)``), and a test suite's hundreds of such calls are
    parsed for nothing."""
    calls: set[tuple[bool, bytes, str]] = set()
    for entry in knowledge.clients:
        if not entry.default_host:
            continue
        first_is_address = any(ref is not None and ref.position == 0
                               for ref in (entry.host, entry.url, entry.hostport, entry.address,
                                           *entry.default_unless))
        opening = r"[\s\\]*\(" + (r"[\s\\]*(?:\)|[a-z_]\w*[\s\\]*=(?!=))"
                                    if entry.role == "connect" and first_is_address else "")
        for name in entry.names:
            head = name.partition(".")[0]
            last = name.rsplit(".", 1)[-1]
            if any(c in name for c in "*?["):
                head, last = "", ""
            calls.add((bool(entry.default_needs_entry), head.lower().encode("utf-8"),
                       re.escape(last.lower()) + opening if last else r"\("))
    return calls


def _site_words(knowledge: Any) -> tuple[set[str], set[tuple[bytes, bytes]]]:
    """Where a single-label host can stand: the words of a URL, DSN or host-like name, and
    the (module, called name) of each client call that takes a bare host."""
    words: set[str] = {"://", "jdbc:", "data source", "datasource", "network address", "server name",
                       "host", "server", "addr"}
    for pattern in (*knowledge.names.target, *knowledge.names.bind, *knowledge.keywords, *knowledge.dict_keys):
        parts = [w for w in re.split(r"[^a-z0-9]+", pattern.lower()) if w]
        if parts and not any(t in w for w in parts for t in words):
            words.add(max(parts, key=len))
    conj: set[tuple[bytes, bytes]] = set()
    for entry in knowledge.clients:
        if entry.role == "env" or not (entry.host or entry.hostport or entry.address):
            continue
        for name in entry.names:
            head = name.partition(".")[0].lower()
            last = [w for w in re.split(r"[^a-z0-9_]+", name.rsplit(".", 1)[-1].lower()) if w]
            if any(c in head for c in "*?["):
                head = ""
            conj.add((head.encode("utf-8"), (max(last, key=len) if last else "").encode("utf-8")))
    words = set(_minimal(words))
    return words, conj


def _alternation(words: set[str]) -> re.Pattern[bytes] | None:
    """One alternation of ``words`` (None for none)."""
    return re.compile(trie_pattern(words).encode("utf-8")) if words else None


class Prefilter:
    """Built once per run from the knowledge and the loaded layout.

    Speed: the bytes are lower-cased once, then searched with one alternation whose
    branches all start with a literal character (``re`` then skips ahead by the set of
    first characters; a look-behind at the start of a branch would disable that and cost
    ten times more), so the tests are a little wider than the rules (``1127.0`` counts).
    """

    def __init__(self, knowledge: Any, layout: Any) -> None:
        hosts = knowledge.hosts
        # (anchor, verifier): the file holds the literal anchor and, when given, a match
        checks: list[tuple[str, str | None]] = []
        tokens = list(hosts.loopback_names)
        tokens += list(hosts.host_gateway_names)
        tokens += list(hosts.deprecated_aliases)
        checks += [(t, None) for t in _minimal(tokens)]
        # IPv4: loopback 127/8 (also short forms "127.1"), the unspecified address, the
        # subnets and fixed addresses a rule can flag
        checks.append(("127.", r"127\.\d"))
        checks.append(("0.0.0.0", None))
        subnets = list(hosts.default_bridge_subnets)
        address_checks, ipv6 = _layout_addresses(layout, subnets)
        checks += address_checks
        # IPv6 loopback / unspecified spellings: "::1", "::ffff:..", "::0", a whole "::"
        # host ("[::]", "'::'", "0::"), "host=::", and the long forms
        checks.append(("::", r"::(?:1(?![0-9a-f:])|ffff:|0+(?![0-9a-f:])|[\"'\]]|(?<==::)|(?<== ::))"))
        checks.append(("0:0", r"(?:0{1,4}:){7}0{0,3}[01](?![0-9a-f:])"))
        if ipv6:
            checks.append((":", r"[0-9a-f]{1,4}:[0-9a-f]{0,4}:"))
        # a verifier that does not start with its anchor (the long IPv6 forms: "0:0" then
        # groups of zeros) would be tried at every "0" of the file: it runs only around
        # the anchor's occurrences instead
        self._checks = [
            (a.encode("utf-8"), re.compile(v.encode("utf-8")) if v else None,
             bool(v) and len(a) > 1 and not (v or "").startswith(re.escape(a)))
            for a, v in checks
        ]
        # names of the layout (exact, as a whole label)
        names: set[str] = set()
        for project in layout.projects:
            for svc in project.services:
                names.update(self._service_names(svc))
        self.names = frozenset(n for n in names if n)
        names_src = ""
        if self.names:
            names_src = r"(?:" + trie_pattern(self.names) + r")(?![\w\x80-\xff-])"
        self._names_rx = re.compile(names_src.encode("utf-8")) if names_src else None
        # server starts that bind loopback by default: the call's module (the head of the
        # qualified name, which the file must spell, in an import) and the called name
        calls = _server_calls(knowledge)
        # grouped by module: one substring search per module, not per call (34 calls of 18
        # modules: the scans were a twentieth of a cold run on a large tree)
        by_module: dict[bytes, list[tuple[bool, re.Pattern[bytes]]]] = {}
        for needs, head, rx in sorted(calls):
            by_module.setdefault(head, []).append((needs, re.compile(rx.encode("utf-8"))))
        self._calls = [(head, tuple(group)) for head, group in by_module.items()]
        self._any_plain_call = any(not needs for _, group in self._calls for needs, _ in group)
        checks = sorted(set(checks), key=lambda c: (c[0], c[1] or ""))
        # the fast path: one alternation of every anchor (literals only); without the layout
        # names for files no Compose service runs (names like "db" and "api" are in most files)
        self._anchor = _alternation({a for a, _ in checks} | set(self.names))
        self._anchor_fixed = _alternation({a for a, _ in checks})
        # where a single-label host can stand (see extract/python.py ``_site``): a URL or DSN
        # anywhere, or a string under a name that rules/names.yaml, keywords or dict_keys
        # classify, or an argument of a rules/clients.yaml call that takes a bare host
        words, conj = _site_words(knowledge)
        self._site_rx = re.compile(trie_pattern(words).encode("utf-8"))
        self._site_conj = sorted(conj)
        # the same test grouped by module (a client list names ~40 modules in ~200 calls):
        # one substring search per module, then its calls
        grouped: dict[bytes, set[bytes]] = {}
        for head, last in self._site_conj:
            grouped.setdefault(head, set()).add(last)
        self._conj_groups = [(head, tuple(sorted(lasts))) for head, lasts in sorted(grouped.items())]
        self._typo_memo: dict[bytes, bool] = {}
        self._typos = TypoIndex(self.names)
        self.signature = hashlib.blake2b(
            repr((checks, names_src, sorted(calls), sorted(words), self._site_conj)).encode("utf-8"), digest_size=16
        ).hexdigest()

    @staticmethod
    def _service_names(svc: Any) -> set[str]:
        out = {svc.name.lower()}
        if svc.container_name:
            out.add(svc.container_name.lower())
        if svc.hostname:
            out.add(svc.hostname.lower())
        for att in svc.networks:
            out.update(a.lower() for a in att.aliases)
        for target, alias in (*svc.links, *svc.external_links):
            out.add((alias or target).lower())
            out.add(target.lower())
        return out

    # ---------------------------------------------------------------- per file
    def profile(self, runners: Sequence[Any], entry: bool = False, hosts: bool = False) -> str:
        """How to test a file run by ``runners`` (``entry``: a start command runs it):
        "all" (skip nothing), or "fixed" / "names" (+ the DW105 typo test), each with
        "+entry" when the default-bind calls count; ``hosts`` (the graph): "+hosts", every
        line where a connect target can stand counts too."""
        base = self._profile(runners, entry)
        return base + "+hosts" if hosts and base != "all" else base

    def _profile(self, runners: Sequence[Any], entry: bool) -> str:
        profile = "fixed"
        for svc in runners:
            mode = (svc.network_mode or "").strip().lower()
            if mode.startswith(KEEP_ALL_MODES):
                return "all"
            if not svc.implicit:
                profile = "names"
        return profile + "+entry" if entry else profile

    def keep(self, data: bytes, profile: str = "names+entry") -> bool:
        """False only when no rule can report anything in a file with these bytes (with
        "+hosts", the graph's profile: and the file holds no connect target at all)."""
        if profile == "all":
            return True
        low = data.lower()
        if "+hosts" in profile and self._site_possible(low):
            return True
        names = profile.startswith("names")
        anchor = self._anchor if names else self._anchor_fixed
        if anchor is not None and anchor.search(low) is not None and self._precise(low, names=names):
            return True
        if "+entry" in profile or self._any_plain_call:
            entry = profile.endswith("+entry")
            for head, group in self._calls:
                if head in low and any((entry or not needs_entry) and rx.search(low) is not None
                                       for needs_entry, rx in group):
                    return True
        if profile.startswith("names") and self.names:
            # the typo search first: it rarely finds a word, and the site test it needs
            # besides costs several times more (a substring search per client module)
            return self._typo_candidate(low) and self._site_possible(low)
        return False

    def lines(self, data: bytes, profile: str = "names+entry") -> frozenset[int] | None:
        """The 1-based lines holding what made :meth:`keep` keep ``data`` (each test of
        ``keep`` run for all its matches), or None when every line counts ("all")."""
        if profile == "all":
            return None
        low = data.lower()
        starts = [0]
        starts.extend(m.end() for m in _NEWLINE.finditer(low))
        found: set[int] = set()

        def add(pos: int) -> None:
            found.add(bisect.bisect_right(starts, pos))

        names = profile.startswith("names")
        for anchor, rx, windowed in self._checks:
            if anchor not in low:
                continue
            if rx is None:
                i = low.find(anchor)
                while i >= 0:
                    add(i)
                    i = low.find(anchor, i + 1)
            else:
                for pos in (_around(low, anchor, rx) if windowed else (m.start() for m in rx.finditer(low))):
                    add(pos)
        if names and self._names_rx is not None:
            for m in self._names_rx.finditer(low):
                if _label_start(low, m.start()):
                    add(m.start())
        entry = profile.endswith("+entry")
        for head, group in self._calls:
            if head in low:
                for needs_entry, rx in group:
                    if entry or not needs_entry:
                        for m in rx.finditer(low):
                            add(m.start())
        if names and self.names:
            hits = list(self._typo_hits(low))
            if hits and self._site_possible(low):
                for pos in hits:
                    add(pos)
        if "+hosts" in profile:
            # the graph draws every connect target, also those no rule flags: every place
            # a host can stand (a URL, a host:port, a host-like key or keyword, a client call)
            for m in self._site_rx.finditer(low):
                add(m.start())
            for pos, _ in host_words(low):
                add(pos)
            for head, lasts in self._conj_groups:
                if head in low:
                    for last in lasts:
                        i = low.find(last) if last else -1
                        while i >= 0:
                            add(i)
                            i = low.find(last, i + 1)
        return frozenset(found)

    def _site_possible(self, low: bytes) -> bool:
        if self._site_rx.search(low) is not None:
            return True
        for head, lasts in self._conj_groups:
            if head in low:
                for last in lasts:
                    if last in low:
                        return True
        return False

    def _precise(self, low: bytes, names: bool = True) -> bool:
        for anchor, rx, windowed in self._checks:
            if anchor not in low:
                continue
            if rx is None:
                return True
            if windowed:
                for _ in _around(low, anchor, rx):
                    return True
            elif rx.search(low) is not None:
                return True
        # layout names only matter in code a Compose service runs: a container built
        # outside Compose resolves no service names (the resolver judges none there)
        rx = self._names_rx if names else None
        if rx is not None:
            for m in rx.finditer(low):
                if _label_start(low, m.start()):
                    return True
        return False

    def _typo_candidate(self, low: bytes) -> bool:
        """A host-position word within the DW105 distance of a layout name (what
        ``checks.dw105`` checks)."""
        return any(True for _ in self._typo_hits(low))

    def _typo_hits(self, low: bytes):
        """Offsets of the words in host position (a URL's host, a quoted ``host:port``, the
        value of a host-like key or keyword) that are one typo from a layout name."""
        memo = self._typo_memo
        for pos, found in host_words(low):
            word = found.split(b".", 1)[0]
            hit = memo.get(word)
            if hit is None:
                hit = self._typo_word(word)
            if hit:
                yield pos

    def _typo_word(self, word: bytes) -> bool:
        """``word`` (or it without its dashes) is near a layout name, or is a container ID
        (DW102's other name check); memoised."""
        index = self._typos
        hit = any(index.near(w.decode("utf-8", "replace")) for w in {word, word.strip(b"-")} if w) \
            or container_id(word.decode("utf-8", "replace"))
        memo = self._typo_memo
        if len(memo) > 200_000:
            memo.clear()
        memo[word] = hit
        return hit
