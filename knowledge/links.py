"""Web addresses in posts: found, normalised to one spelling per page, and told apart from bare homepages.

Two spellings of one page become the same string: the scheme (http/https), case, percent-encoding,
default ports and dot segments (url-normalize, RFC 3986), `www.`/`m.`/`mobile.` hosts, tracking
parameters (utm_*, fbclid, ...), the order of the remaining parameters, fragments, trailing slashes,
Telegram's web preview (`t.me/s/channel/123`) and `telegram.me`. No network requests: a short link
(bit.ly) stays itself.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from url_normalize import url_normalize

MAX_URL = 2000

HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")
"""Subdomains that serve the same page as the bare host."""
HOST_ALIASES = {
    "telegram.me": "t.me",
    "telegram.dog": "t.me",
    "twitter.com": "x.com",
    "youtu.be": "youtube.com",
}

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "ysclid", "igshid", "igsh",
        "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url", "spm",
        "share", "si", "utm",
    }
)  # fmt: skip
"""Parameters that say who shared a link or how, never which page it is (plus every `utm_*`)."""
HOST_TRACKING = {"x.com": frozenset({"s", "t"}), "youtube.com": frozenset({"feature", "pp"}), "t.me": None}
"""Per host: more parameters to drop; None drops them all (a Telegram post is its path)."""

_URL = re.compile(
    r"""(?:https?://|www\.|t\.me/|telegram\.me/)[^\s<>"'«»]+""",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?…»\"'”’"


def _trim(candidate: str) -> str:
    """Strip the punctuation a sentence puts after a link, and a closing bracket that is not the link's."""
    while candidate:
        if candidate[-1] in _TRAILING:
            candidate = candidate[:-1]
        elif candidate[-1] == ")" and candidate.count("(") < candidate.count(")"):
            candidate = candidate[:-1]
        elif candidate[-1] == "]" and candidate.count("[") < candidate.count("]"):
            candidate = candidate[:-1]
        else:
            break
    return candidate


def extract_urls(text: str) -> list[str]:
    """The web addresses written in `text` (with a scheme, or starting with `www.` or `t.me/`), in order."""
    found = []
    for match in _URL.finditer(text or ""):
        url = _trim(match.group(0))
        if len(url) > len("https://") and url not in found:
            found.append(url)
    return found


def _host(host: str) -> str:
    host = host.rstrip(".")
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    return HOST_ALIASES.get(host, host)


def normalise_url(url: str) -> str | None:
    """One spelling per page, e.g. `http://www.Example.com/a/?utm_source=x#top` → `https://example.com/a`;
    None for what is not a web address."""
    url = (url or "").strip()
    if not url or len(url) > MAX_URL or any(ch.isspace() for ch in url):
        return None
    if "://" not in url:
        url = "https://" + url
    try:
        normal = url_normalize(url, default_scheme="https")
        parts = urlsplit(normal)
        port = parts.port
    except (ValueError, UnicodeError):
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        return None
    if parts.username is not None or parts.password is not None:
        return None  # user@host: an address that hides its real host, or an e-mail address
    host = _host(parts.hostname)
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    params = parse_qsl(parts.query, keep_blank_values=True)
    if host == "t.me":
        path = path.lower()  # channel usernames ignore case
        if path.startswith("/s/"):
            path = path[2:]
        params = []
    if host == "youtube.com" and parts.hostname.endswith("youtu.be") and path.strip("/"):
        params = [("v", path.strip("/")), *params]
        path = "/watch"
    extra = HOST_TRACKING.get(host, frozenset())
    kept = sorted(
        (key, value)
        for key, value in params
        if not (key.lower().startswith("utm_") or key.lower() in TRACKING_PARAMS or (extra and key in extra))
    )
    query = urlencode(kept, safe=":/@!$'()*+,;~")
    return urlunsplit(("https", host, path, query, ""))


def is_specific(normalised: str) -> bool:
    """True when the address names one page or post, not a whole site or channel: a homepage or a link
    to a channel (a footer such as "subscribe: t.me/news") would tie unrelated posts together."""
    parts = urlsplit(normalised)
    segments = [s for s in parts.path.split("/") if s]
    if parts.netloc == "t.me":
        if segments[:1] == ["c"]:
            return len(segments) >= 3 and segments[2].isdigit()
        return len(segments) >= 2 and segments[1].isdigit()
    return bool(segments) or bool(parts.query)


def post_keys(urls: list[str]) -> list[str]:
    """The normalised, specific addresses among `urls`, each once, in order."""
    keys: list[str] = []
    for url in urls:
        key = normalise_url(url)
        if key and is_specific(key) and key not in keys:
            keys.append(key)
    return keys


def telegram_post(normalised: str) -> tuple[str, int] | None:
    """(channel username, message id) for a public channel post's address `https://t.me/name/123`."""
    parts = urlsplit(normalised)
    segments = [s for s in parts.path.split("/") if s]
    if parts.netloc == "t.me" and len(segments) == 2 and segments[0] != "c" and segments[1].isdigit():
        return segments[0].lower(), int(segments[1])
    return None
