"""Credentials out of any text dockwise shows: URL passwords and token user names,
``password=...`` pairs, ``--password x`` options, ``Authorization:`` headers.

Every output (messages, reports, diffs) passes its text through :func:`redact`; the
tool's own words are never masked.  The lowest module of the package: any stage may
import it.
"""
from __future__ import annotations

import re

__all__ = ["REDACTED", "redact"]

REDACTED = "****"
# Words that make a parameter name secret wherever they appear in it ...
_SECRET_ANYWHERE = re.compile(r"passw|pwd|secret|token|credential|signature|passphrase")
# ... and words that must be a whole part of it ("api_key", "x-auth", "sig") or its end ("apikey").
_SECRET_PART = re.compile(
    r"(?:^|[_.\-])(?:key|auth|sig|authorization|pass|pw)(?:[_.\-]|$)|(?:key|auth|sig|authorization|pass)$"
)
# Cheap pre-check (str.find beats a regex alternation by far): no hint, no secret.
_SECRET_HINTS = ("pass", "pw", "secret", "token", "cred", "key", "auth", "sig")
_PAIR_HEAD = re.compile(r"(?<![\w.\-])-*(?P<name>[A-Za-z_][\w.\-]*)[ \t]*=[ \t]*")
_PAIR_VALUE = re.compile(
    r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|\{(?:[^}\n]|\}\})*\}"
    r"|['\"][^\s;&]*|(?!=)(?:\\.|[^\s;&'\"<>\\])+"
)
# Long command-line options given a secret as the next word: "--password s3cret".
_OPTION = re.compile(
    r"(?<![\w\-])(?P<name>--[\w\-]*(?:passw|secret|token|pwd)[\w\-]*)(?P<sep>[ \t]+)(?P<value>(?!-)[^\s'\"]+)",
    re.IGNORECASE,
)
_AUTH_HEADER = re.compile(
    r"(?P<head>\bAuthorization[ \t]*:[ \t]*(?:Bearer|Basic|Token|Digest)[ \t]+)(?P<value>[^\s'\"]+)",
    re.IGNORECASE,
)
# URL userinfo in free text: "scheme://user:password@" (the last '@' of the authority).
_URL_USERINFO = re.compile(
    r"(?P<head>(?<![A-Za-z0-9+.\-_\x00:])[A-Za-z0-9+.\-_\x00:]*:@?//"
    r"[^\s:/?#@\"'`<>]*:)(?P<value>[^\s/?#\"'`<>]*)@"
)

# A user name alone that is a token ("https://<sentry key>@host", "https://ghp_...@github.com").
_URL_BARE_USER = re.compile(
    r"(?P<head>(?<![A-Za-z0-9+.\-_\x00:])[A-Za-z0-9+.\-_\x00:]*:@?//)(?P<value>[^\s:/?#@\"'`<>]+)@"
)
# An option and its value as items of a JSON-array / Python list command: "--password", "x".
_OPTION_QUOTED = re.compile(
    r"(?P<head>(?P<q>[\"'])-{1,2}[\w\-]*(?:passw|secret|token|pwd)[\w\-]*(?P=q)[ \t]*,[ \t]*(?P<q2>[\"']))"
    r"(?P<value>(?:(?!(?P=q2))[^\\\n]|\\.)+)",
    re.IGNORECASE,
)


def _token_like(user: str) -> bool:
    """A URL user name that is a credential rather than a name: long, or letters and digits."""
    if len(user) >= 20:
        return True
    return len(user) >= 8 and any(c.isdigit() for c in user) and any(c.isalpha() for c in user)


def _redact_bare_user(m: re.Match[str]) -> str:
    if not _token_like(m.group("value")):
        return m.group(0)
    return m.group("head") + REDACTED + "@"


def _is_secret_name(name: str) -> bool:
    low = name.lower()
    return bool(_SECRET_ANYWHERE.search(low) or _SECRET_PART.search(low))


_AFTERREDACTED = ("", " ", "\t", "\r", "\n", ";", "&", "'", '"', "<", ">", "`", ",", ")")


# a boolean or null, or a reference to a variable (``${DB_PASSWORD}``, ``$TOKEN``): no secret
_NOT_SECRET = re.compile(r"(?:(?:true|false|none|null)|\$\{\w+\}|\$\w+)[,;)\]}]*", re.IGNORECASE)


def _code_value(head: str, value: str) -> bool:
    """A value that is no secret: a boolean or null (``CORS_ALLOW_CREDENTIALS = True``), a
    variable reference (``${DB_PASSWORD}``), or, after an ``=`` with spaces around it
    (Python's style), a call or a subscript (``password = config.get("password")``,
    ``token = os.environ["TOKEN"]``).  A literal stays masked, quoted or not: a bare word or a
    dotted one after ``KEY = `` may be an INI or .env secret (a JWT has dots)."""
    if _NOT_SECRET.fullmatch(value):
        return True
    if value[:1] in ("'", '"', "{") or not ("(" in value or "[" in value):
        return False
    eq = head.rfind("=")
    return 0 < eq < len(head) - 1 and head[eq - 1] in " \t" and head[eq + 1] in " \t"


def _redact_pairs(text: str) -> str:
    out: list[str] = []
    pos = 0
    while True:
        m = _PAIR_HEAD.search(text, pos)
        if m is None:
            break
        # a value is only consumed when it is a secret: "opts=password=x" still finds password=
        v = _PAIR_VALUE.match(text, m.end()) if _is_secret_name(m.group("name")) else None
        if v is not None and _code_value(m.group(0), v.group(0)):
            v = None
        if v is not None and text.startswith(REDACTED, m.end()) and \
                text[m.end() + len(REDACTED) : m.end() + len(REDACTED) + 1] in _AFTERREDACTED:
            # already redacted: keep what follows ("`...&secret=****` inside" keeps its "`")
            out.append(text[pos : m.end() + len(REDACTED)])
            pos = m.end() + len(REDACTED)
            continue
        if v is not None and v.group(0) not in ("''", '""', "{}"):
            out.append(text[pos : m.end()])
            out.append(REDACTED)
            pos = v.end()
        else:
            out.append(text[pos : m.end()])
            pos = m.end()
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _redact_userinfo(m: re.Match[str]) -> str:
    if not m.group("value"):
        return m.group(0)
    return m.group("head") + REDACTED + "@"


def redact(text: str) -> str:
    """``text`` with every password, token and key replaced by ``****``.

    Works on any text (a URL, a DSN, a command line, a message); idempotent; text with no
    secret comes back unchanged.
    """
    if not isinstance(text, str) or not text:
        return text
    for _ in range(6):  # to a fixpoint: one redaction can reveal the shape of another
        new = _redact_once(text)
        if new == text:
            break
        text = new
    return text


def _redact_once(text: str) -> str:
    if "@" in text and "//" in text:
        text = _URL_USERINFO.sub(_redact_userinfo, text)
        text = _URL_BARE_USER.sub(_redact_bare_user, text)
    low = text.lower()
    if any(w in low for w in _SECRET_HINTS):
        if "=" in text:
            text = _redact_pairs(text)
        if "--" in text:
            text = _OPTION.sub(lambda m: m.group("name") + m.group("sep") + REDACTED, text)
        if "-" in text and ("\"" in text or "'" in text):
            text = _OPTION_QUOTED.sub(lambda m: m.group("head") + REDACTED, text)
        if ":" in text:
            text = _AUTH_HEADER.sub(lambda m: m.group("head") + REDACTED, text)
    return text
