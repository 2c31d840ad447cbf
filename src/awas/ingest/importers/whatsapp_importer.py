"""WhatsApp chat exports: the `.txt` of "Export chat" (Android and iPhone; Indonesian and English
phones), alone or in the `.zip` that "Export with media" produces.

Recognised message headers (day/month order is detected from the file, 24-hour "21.03" or
"21:03" and 12-hour "9:03 PM" clocks alike):
    25/11/24 21.03 - Nama: pesan                  (Android, Indonesian)
    11/25/24, 9:03 PM - Name: message              (Android, English US)
    25/11/2024, 21:03 - Name: message              (Android, English UK)
    [25/11/24 21.03.12] Nama: pesan                (iPhone)
Lines without a header continue the previous message. Lines without "Name:" are system notices and
are skipped. Attachments ("IMG-….jpg (file terlampir)", "(file attached)", "<attached: …>") are
hashed and stored when present; "<Media tidak disertakan>"/"<Media omitted>" are noted.

WhatsApp writes the phone's local time without a zone: times are read in `timezone` (default
Asia/Jakarta) and that assumption is recorded in `raw`. Messages have no ids, so `post_id` is a hash
of chat, time, sender and text (plus a counter for identical repeats): re-importing the same or a
longer export of the chat yields the same ids.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from awas.domain.posts import Post
from awas.errors import InputError, InputProblem
from awas.ingest.attachments import AttachmentRefused, AttachmentStore, check_zip
from awas.ingest.importers.base import Importer, Positioned, store_attachment
from awas.ingest.importers.common import entities, refuse_unreadable
from awas.ingest.records import Rejection

HEADER = re.compile(
    r"^\u200e?\[?(?P<d1>\d{1,2})[/.-](?P<d2>\d{1,2})[/.-](?P<y>\d{2,4}),? "
    r"(?P<h>\d{1,2})[.:](?P<mi>\d{2})(?:[.:](?P<s>\d{2}))?(?:\s?(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?\]?"
    r"(?: - |\s)(?P<rest>.*)$"
)
SENDER = re.compile(r"^(?P<name>[^:]{1,80}?): (?P<text>.*)$", re.S)
ATTACHED = re.compile(
    r"^\u200e?(?:<attached: (?P<ios>[^>]+)>|(?P<android>\S+\.\w{2,5}) \((?:file terlampir|file attached)\))"
    r"\s*(?P<caption>.*)$",
    re.S,
)
OMITTED = (
    "<Media tidak disertakan>",
    "<Media omitted>",
    "<media omitted>",
    "\u200eimage omitted",
    "\u200evideo omitted",
)


@dataclass
class Message:
    line: int
    head: re.Match[str]
    sender: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


class WhatsappImporter(Importer):
    format = "whatsapp"
    description = "Ekspor obrolan WhatsApp (.txt atau .zip dengan media)"

    def __init__(
        self,
        attachments: AttachmentStore | None = None,
        timezone: str = "Asia/Jakarta",
        chat: str | None = None,
        date_order: str | None = None,
    ) -> None:
        super().__init__(attachments)
        self.zone = ZoneInfo(timezone)
        self.timezone = timezone
        self.chat = chat
        self.date_order = date_order

    def items(self, path: Path, start: int) -> Iterator[Positioned]:
        if path.suffix.lower() == ".zip":
            yield from self._zip(path, start)
            return
        refuse_unreadable(path)
        yield from self._text(path, path.parent, path, start)

    def _zip(self, path: Path, start: int) -> Iterator[Positioned]:
        try:
            check_zip(path)
        except AttachmentRefused as exc:
            raise InputError(InputProblem(str(path), str(exc))) from None
        with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(path) as archive:
            archive.extractall(tmp)  # safe: check_zip refused climbing paths and oversized members
            texts = sorted(Path(tmp).glob("*.txt"))
            if not texts:
                raise InputError(InputProblem(str(path), "arsip tidak berisi berkas obrolan .txt"))
            yield from self._text(texts[0], Path(tmp), path, start)

    def _text(self, txt: Path, folder: Path, shown: Path, start: int) -> Iterator[Positioned]:
        try:
            lines = txt.read_bytes().decode("utf-8").lstrip("\ufeff").splitlines()
        except UnicodeDecodeError as exc:
            raise InputError(InputProblem(str(shown), f"bukan UTF-8 (byte {exc.start})")) from None
        messages = list(_messages(lines))
        day_first = self._day_first(messages)
        chat = self.chat or _chat_name(shown)
        seen: Counter[str] = Counter()
        for position, message in enumerate(messages, start=1):
            item = self._post(str(shown), chat, folder, message, day_first, seen)
            if position > start:
                yield Positioned(item, position)

    def _day_first(self, messages: list[Message]) -> bool:
        if self.date_order:
            return self.date_order.lower().startswith("d")
        firsts = [int(m.head["d1"]) for m in messages]
        seconds = [int(m.head["d2"]) for m in messages]
        if any(v > 12 for v in firsts):
            return True
        if any(v > 12 for v in seconds):
            return False
        return not any(m.head["ampm"] for m in messages)  # 12-hour clocks are US phones: month first

    def _post(
        self, source: str, chat: str, folder: Path, m: Message, day_first: bool, seen: Counter[str]
    ) -> Post | Rejection:
        try:
            created = _time(m.head, day_first).replace(tzinfo=self.zone).astimezone(UTC)
        except ValueError as exc:
            return Rejection(source, f"tanggal/waktu tidak valid: {exc}", m.line)
        text, media = self._attachments(folder, m.text)
        key = f"{chat}|{created.isoformat()}|{m.sender}|{text}"
        seen[key] += 1
        digest = hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest()[:24]
        urls, hashtags, mentions = entities(text)
        return Post(
            platform="whatsapp",
            post_id=f"wa-{digest}",
            author_id=m.sender,
            author_name=m.sender,
            text=text,
            created_at=created,
            urls=urls,
            hashtags=hashtags,
            mentions=mentions,
            media=media,
            raw={
                "chat": chat,
                "line": m.line,
                "header": m.head.group(0)[:200],
                "text": m.text,
                "assumed_timezone": self.timezone,
            },
        )

    def _attachments(self, folder: Path, text: str) -> tuple[str, tuple[dict[str, str], ...]]:
        found = ATTACHED.match(text)
        if found:
            name = (found["ios"] or found["android"]).strip()
            return found["caption"].strip(), (store_attachment(self, folder, name),)
        if text.strip() in OMITTED:
            return "", ({"url": "", "type": "document", "missing": "media tidak disertakan dalam ekspor"},)
        return text, ()


def _messages(lines: list[str]) -> Iterator[Message]:
    current: Message | None = None
    for number, line in enumerate(lines, start=1):
        head = HEADER.match(line)
        sender = SENDER.match(head["rest"]) if head else None
        if head and sender:
            if current:
                yield current
            current = Message(number, head, sender["name"].strip("\u200e "), [sender["text"]])
        elif head:
            if current:
                yield current
            current = None  # a system notice ("Pesan dan panggilan dienkripsi..."): not a post
        elif current:
            current.lines.append(line)
    if current:
        yield current


def _time(head: re.Match[str], day_first: bool) -> datetime:
    day, month = (int(head["d1"]), int(head["d2"])) if day_first else (int(head["d2"]), int(head["d1"]))
    year = int(head["y"]) + (2000 if len(head["y"]) == 2 else 0)
    hour = int(head["h"])
    ampm = (head["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return datetime(year, month, day, hour, int(head["mi"]), int(head["s"] or 0))


def _chat_name(path: Path) -> str:
    stem = path.stem
    for prefix in ("WhatsApp Chat with ", "WhatsApp Chat - ", "Chat WhatsApp dengan ", "Chat WhatsApp - "):
        if stem.startswith(prefix):
            return stem[len(prefix) :]
    return stem
