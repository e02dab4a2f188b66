"""Telegram's text formatting: HTML parse mode into entities, automatic entities, UTF-16 lengths."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.support.fakebotapi.protocol import APIError


def u16len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


_AUTO_PATTERNS = (
    ("url", re.compile(r"\bhttps?://[^\s<>\"]+[^\s<>\".,;:!?)\]'»]")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}\b")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")),
    ("bot_command", re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")),
)


def auto_entities(text: str) -> list[dict]:
    """Entities Telegram detects by itself in plain text: urls, mentions, hashtags, bot commands."""
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _AUTO_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), kind))
    found.sort()
    return [{"type": kind, "offset": u16len(text[:s]), "length": u16len(text[s:e])} for s, e, kind in found]


class _TelegramHTML(HTMLParser):
    """Parses Telegram's HTML subset into (plain text, entities); raises APIError like Telegram."""

    SIMPLE = {
        "b": "bold",
        "strong": "bold",
        "i": "italic",
        "em": "italic",
        "u": "underline",
        "ins": "underline",
        "s": "strikethrough",
        "strike": "strikethrough",
        "del": "strikethrough",
        "tg-spoiler": "spoiler",
        "code": "code",
        "pre": "pre",
        "blockquote": "blockquote",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0  # UTF-16 units so far
        self.stack: list[tuple[str, int, dict]] = []
        self.entities: list[dict] = []

    def _fail(self, message: str) -> None:
        raise APIError(400, f"Bad Request: can't parse entities: {message}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a":
            entity = {"type": "text_link", "url": a.get("href") or ""}
            if not entity["url"]:
                entity = {}
        elif tag == "span":
            if a.get("class") != "tg-spoiler":
                self._fail(f'Unsupported start tag "{tag}" at byte offset {self.getpos()[1]}')
            entity = {"type": "spoiler"}
        elif tag == "tg-emoji":
            entity = {"type": "custom_emoji", "custom_emoji_id": a.get("emoji-id") or ""}
        elif tag == "blockquote":
            entity = {"type": "expandable_blockquote" if "expandable" in a else "blockquote"}
        elif (
            tag == "code"
            and self.stack
            and self.stack[-1][0] == "pre"
            and a.get("class", "").startswith("language-")
        ):
            self.stack[-1][2]["language"] = a["class"][len("language-") :]
            entity = {}
        elif tag in self.SIMPLE:
            entity = {"type": self.SIMPLE[tag]}
        else:
            self._fail(f'Unsupported start tag "{tag}" at byte offset {self.getpos()[1]}')
            return
        self.stack.append((tag, self.length, entity))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._fail(f'Unsupported start tag "{tag}" at byte offset {self.getpos()[1]}')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            self._fail(f"Unexpected end tag at byte offset {self.getpos()[1]}")
        open_tag, start, entity = self.stack.pop()
        if open_tag != tag:
            self._fail(
                f'Unmatched end tag at byte offset {self.getpos()[1]}, expected "</{open_tag}>", '
                f'found "</{tag}>"'
            )
        if entity and self.length > start:
            self.entities.append({**entity, "offset": start, "length": self.length - start})

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.length += u16len(data)

    def result(self) -> tuple[str, list[dict]]:
        self.close()
        if self.stack:
            self._fail(f'Can\'t find end tag corresponding to start tag "{self.stack[-1][0]}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), self.entities


def parse_html(text: str) -> tuple[str, list[dict]]:
    parser = _TelegramHTML()
    parser.feed(text)
    return parser.result()


def render_text(text: str, parse_mode: str | None, entities: list | None) -> tuple[str, list[dict]]:
    """What Telegram stores for a sent text: the plain text and its entities."""
    if entities:
        return text, list(entities)
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, ents = parse_html(text)
    elif mode in ("markdown", "markdownv2"):
        plain, ents = text, []  # not parsed: the raw text is kept
    else:
        plain, ents = text, []
    auto = auto_entities(plain)
    covered = [
        (e["offset"], e["offset"] + e["length"]) for e in ents if e["type"] in ("text_link", "code", "pre")
    ]
    ents += [
        e for e in auto if not any(s < e["offset"] + e["length"] and e["offset"] < t for s, t in covered)
    ]
    ents.sort(key=lambda e: (e["offset"], -e["length"]))
    return plain, ents
