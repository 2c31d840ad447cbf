"""The weekly supervision report: sections for one ISO week (WIB), rendered to HTML or PDF."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from importlib.resources import files
from typing import Any

from pydantic import BaseModel, Field

from awas.access.permissions import Principal
from awas.app import App
from awas.errors import InputError, InputProblem
from awas.risk.findings_stats import FindingScope, count_by_day
from awas.risk.summary import wib_week_bounds
from awas.timeutil import utcnow, wib_date
from awas.web.i18n import Translator
from awas.web.reports import ReportWeek, sections

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
MAX_WEEKS_LISTED = 52


class SectionOut(BaseModel):
    key: str
    title: str
    data: dict[str, Any]
    template: str = Field(exclude=True)
    model: Any = Field(default=None, exclude=True)  # the typed data, for templates (hidden fields too)


class WeeklyReport(BaseModel):
    week: str
    start: datetime
    end: datetime
    last_day: date
    generated_at: datetime
    generated_by: str
    region_scope: str | None
    sections: list[SectionOut]


def parse_week(label: str) -> ReportWeek:
    """`2024-W47` → the week's bounds in WIB; InputError for anything else (or a week in the future)."""
    match = WEEK.match(label)
    try:
        if not match:
            raise ValueError("expected YYYY-Www, e.g. 2024-W47")
        start, end = wib_week_bounds(int(match[1]), int(match[2]))
    except ValueError as exc:
        raise InputError(InputProblem("week", str(exc), field="week")) from None
    if start > utcnow():
        raise InputError(InputProblem("week", "the week has not started yet", field="week"))
    return ReportWeek(label, start, end)


def week_label(moment: datetime) -> str:
    year, week, _ = wib_date(moment).isocalendar()
    return f"{year}-W{week:02d}"


def available_weeks(core: App, principal: Principal) -> list[str]:
    """The current week and every week with a finding in the reader's scope, newest first."""
    with core.db.read() as conn:
        days = count_by_day(conn, FindingScope(region_prefix=principal.region_scope))
    labels = {f"{y}-W{w:02d}" for y, w, _ in (d.isocalendar() for d in days)} | {week_label(utcnow())}
    return sorted(labels, reverse=True)[:MAX_WEEKS_LISTED]


def build_weekly(core: App, principal: Principal, week: ReportWeek, lang: str) -> WeeklyReport:
    t = Translator(lang)
    built = []
    for section in sections():
        model = section.build(core, principal, week, lang)
        built.append(
            SectionOut(
                key=section.key,
                title=t(section.title_key),
                data=model.model_dump(),
                template=section.template,
                model=model,
            )
        )
    return WeeklyReport(
        week=week.label,
        start=week.start,
        end=week.end,
        last_day=wib_date(week.end - timedelta(seconds=1)),
        generated_at=utcnow(),
        generated_by=principal.user.display_name,
        region_scope=principal.region_scope,
        sections=built,
    )


def render_pdf(html: str) -> bytes:
    """The report's HTML as PDF (WeasyPrint, imported lazily; needs Debian's pango)."""
    from weasyprint import CSS, HTML

    stylesheet = files("awas.web").joinpath("static", "report.css").read_text(encoding="utf-8")
    pdf: bytes = HTML(string=html, base_url=None).write_pdf(stylesheets=[CSS(string=stylesheet)])
    return pdf
