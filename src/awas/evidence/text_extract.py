"""Readable text of a captured page: visible text of HTML, or the text of a text/* response.

Decoding follows the charset named by the server or the page, and falls back to UTF-8 with
replacement characters, so a wrongly encoded page still yields text instead of an error.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

TEXT_LIMIT = 20 * 1024 * 1024  # more text than this is not extracted (the WARC keeps everything)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SKIP = {"script", "style", "noscript", "template", "svg", "head"}
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "title"}


def extract_text(body_file: Path, media_type: str, content_type: str) -> tuple[str, str] | None:
    """(text, title) for HTML or text/* bodies; None for other content (images, PDF, binaries)."""
    if media_type not in ("text/html", "application/xhtml+xml") and not media_type.startswith("text/"):
        return None
    with body_file.open("rb") as fh:
        data = fh.read(TEXT_LIMIT)
    text = data.decode(_charset(data, content_type), errors="replace")
    if media_type.startswith("text/") and media_type != "text/html":
        return text, ""
    return _html_text(text)


def _charset(data: bytes, content_type: str) -> str:
    for candidate in (_header_charset(content_type), _meta_charset(data)):
        if candidate:
            try:
                return codecs.lookup(candidate).name
            except LookupError:
                continue
    return "utf-8"


def _header_charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return None


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _html_text(html: str) -> tuple[str, str]:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line), " ".join(parser.title.split())


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        self._in_title = tag == "title"
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)
