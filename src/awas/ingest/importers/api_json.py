"""Importers of platform API responses saved as JSON (one document, a list of pages, or JSONL).

Each subclass says how one page (or one flat item) becomes posts and rejections (`page`); this
class reads the documents, unwraps lists of pages, rejects invalid JSON with its line, and numbers
the records for resuming.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from awas.domain.posts import Post
from awas.ingest.importers.base import Importer, Positioned
from awas.ingest.importers.common import json_documents
from awas.ingest.records import Rejection


class ApiJsonImporter(Importer):
    def items(self, path: Path, start: int) -> Iterator[Positioned]:
        position = 0
        for line, doc in json_documents(path):
            for item in self.document(str(path), line, doc):
                position += 1
                if position > start:
                    yield Positioned(item, position)

    def document(self, source: str, line: int, doc: Any) -> Iterator[Post | Rejection]:
        """Posts and rejections of one parsed document (`doc` is the parse error when it is invalid)."""
        if isinstance(doc, Exception):
            yield Rejection(source, f"JSON tidak valid: {doc}", line)
        elif isinstance(doc, list):
            for page in doc:
                yield from self.document(source, line, page)
        else:
            yield from self.page(source, line, doc)

    @abc.abstractmethod
    def page(self, source: str, line: int, doc: Any) -> Iterator[Post | Rejection]:
        """Posts and rejections of one response page or flat item (anything but a list)."""
