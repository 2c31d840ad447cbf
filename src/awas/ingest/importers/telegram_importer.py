"""Telegram Desktop exports (`result.json`, "Export chat history" or the full-account export).

Each message becomes a post with `post_id` `<chat id>/<message id>` (message ids are per chat).
Times come from `date_unixtime` (UTC); older exports only have `date`, the exporting computer's
local time, which is read in `timezone` (default Asia/Jakarta) and noted in `raw`. `text` is either
a string or a list of strings and entity objects; `text_entities` give links, hashtags and mentions.
Photos and files named in the export are hashed (and stored when an attachment store is given).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from awas.domain.posts import Post
from awas.ingest.attachments import AttachmentStore
from awas.ingest.importers.base import Importer, Positioned, store_attachment
from awas.ingest.importers.common import entities, from_unix, load_json, parse_zoned
from awas.ingest.records import Rejection

ENTITY_URLS = ("link", "text_link")


class TelegramImporter(Importer):
    format = "telegram"
    description = "Telegram Desktop result.json"

    def __init__(self, attachments: AttachmentStore | None = None, timezone: str = "Asia/Jakarta") -> None:
        super().__init__(attachments)
        self.timezone = timezone

    def items(self, path: Path, start: int) -> Iterator[Positioned]:
        doc = load_json(path)
        chats = doc.get("chats", {}).get("list", []) if isinstance(doc, dict) and "chats" in doc else [doc]
        position = 0
        for chat in chats:
            if not isinstance(chat, dict) or not isinstance(chat.get("messages"), list):
                position += 1
                if position > start:
                    yield Positioned(
                        Rejection(str(path), "bukan ekspor Telegram (tidak ada 'messages')"), position
                    )
                continue
            for message in chat["messages"]:
                position += 1
                if position > start and isinstance(message, dict) and message.get("type") != "service":
                    yield Positioned(self._message(path, chat, message, position), position)

    def _message(
        self, path: Path, chat: dict[str, Any], message: dict[str, Any], index: int
    ) -> Post | Rejection:
        source = f"{path}#pesan-{index}"
        if message.get("id") is None:
            return Rejection(source, "pesan tanpa 'id'", field="id")
        try:
            created, assumed = self._time(message)
        except (ValueError, TypeError, OverflowError):
            return Rejection(source, f"waktu pesan tidak valid: {message.get('date')!r}", field="date")
        text = _plain(message.get("text", ""))
        found_urls, hashtags, mentions = entities(text)
        urls = tuple(dict.fromkeys((*_entity_urls(message), *found_urls)))
        chat_id = str(chat.get("id", chat.get("name", "chat")))
        author = str(message.get("from_id") or message.get("actor_id") or f"chat{chat_id}")
        username = chat.get("username") if chat.get("type", "").endswith("channel") else None
        return Post(
            platform="telegram",
            post_id=f"{chat_id}/{message['id']}",
            author_id=author,
            author_handle=username,
            author_name=message.get("from") or chat.get("name"),
            text=text,
            created_at=created,
            url=f"https://t.me/{username}/{message['id']}" if username else None,
            urls=urls,
            hashtags=hashtags,
            mentions=mentions,
            reply_to=f"{chat_id}/{message['reply_to_message_id']}"
            if message.get("reply_to_message_id")
            else None,
            media=self._media(path.parent, message),
            raw={"chat": {k: chat.get(k) for k in ("name", "type", "id")}, "message": message}
            | ({"assumed_timezone": self.timezone} if assumed else {}),
        )

    def _time(self, message: dict[str, Any]) -> tuple[Any, bool]:
        if message.get("date_unixtime"):
            return from_unix(message["date_unixtime"]), False
        return parse_zoned(str(message["date"]), self.timezone), True

    def _media(self, folder: Path, message: dict[str, Any]) -> tuple[dict[str, Any], ...]:
        names = [message[k] for k in ("photo", "file") if isinstance(message.get(k), str)]
        return tuple(store_attachment(self, folder, n) for n in names if not n.startswith("(File "))


def _plain(text: Any) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in text)
    return ""


def _entity_urls(message: dict[str, Any]) -> list[str]:
    found = []
    for entity in message.get("text_entities") or []:
        if isinstance(entity, dict) and entity.get("type") in ENTITY_URLS:
            found.append(entity.get("href") or entity.get("text"))
    return [u for u in found if isinstance(u, str) and u.startswith("http")]
