"""What a notification says: the case header, the event, the TLP marking; never the reporter."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from awas.timeutil import to_wib

EVENTS = ("routed", "shared", "deadline")
MESSAGES = {
    "routed": "Perkara {number} diteruskan ke {handler}",
    "shared": "Perkara {number} dibagikan kepada {org}",
    "deadline": "Tenggat {clock} perkara {number} jatuh pada {due}",
}


@dataclass(frozen=True, slots=True)
class DeadlineNote:
    clock_id: str
    name: str
    due_at: str  # ISO 8601, WIB
    rule: str
    source: str


@dataclass(frozen=True, slots=True)
class NotificationPayload:
    event: str
    case_id: int
    number: str
    title: str
    status: str
    category: str | None
    track: str | None
    handler: str | None
    tlp: str
    recipient_org: str
    message: str
    deadline: DeadlineNote | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def build_payload(
    row: Any, event: str, recipient_org: str, *, org_name: str = "", deadline: DeadlineNote | None = None
) -> NotificationPayload:
    """The payload for one recipient organisation (built from the case row's non-identifying fields)."""
    message = MESSAGES[event].format(
        number=row.number,
        handler=row.handler or "-",
        org=org_name or recipient_org,
        clock=deadline.name if deadline else "",
        due=datetime.fromisoformat(deadline.due_at).strftime("%d-%m-%Y %H:%M WIB") if deadline else "",
    )
    return NotificationPayload(
        event=event,
        case_id=row.id,
        number=row.number,
        title=row.title,
        status=row.status,
        category=row.category,
        track=row.track,
        handler=row.handler,
        tlp=row.tlp,
        recipient_org=recipient_org,
        message=message,
        deadline=deadline,
    )


def wib_text(value: datetime) -> str:
    return to_wib(value).isoformat()
