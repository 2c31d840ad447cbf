"""Reports: the list of weeks, and the weekly supervision report as HTML, PDF and JSON."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel

from awas.access.permissions import Principal
from awas.web.deps import CoreDep, PrincipalDep, TranslatorDep, require
from awas.web.pages import add_page
from awas.web.rendering import render
from awas.web.reports.weekly import WeeklyReport, available_weeks, build_weekly, parse_week, render_pdf

router = APIRouter()
Week = Annotated[str, Path(pattern=r"^\d{4}-W\d{2}$", description="ISO week, e.g. 2024-W47")]
ReportsPrincipal = Annotated[Principal, Depends(require("reports.view"))]


class ReportsPage(BaseModel):
    weeks: list[str]


def list_reports(principal: PrincipalDep, core: CoreDep) -> ReportsPage:
    return ReportsPage(weeks=available_weeks(core, principal))


def weekly_report(principal: PrincipalDep, core: CoreDep, t: TranslatorDep, week: Week) -> WeeklyReport:
    return build_weekly(core, principal, parse_week(week), t.lang)


@router.get("/reports/weekly/{week}.pdf", include_in_schema=False)
def weekly_report_pdf(
    request: Request, principal: ReportsPrincipal, core: CoreDep, t: TranslatorDep, week: Week
) -> Response:
    report = build_weekly(core, principal, parse_week(week), t.lang)
    html = bytes(render(request, "report_weekly.html", page=report, for_pdf=True).body).decode("utf-8")
    filename = f"laporan-pengawasan-{report.week}.pdf"
    return Response(
        render_pdf(html),
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


add_page(router, "/reports", list_reports, template="reports.html", permission="reports.view", tag="reports")
add_page(
    router,
    "/reports/weekly/{week}",
    weekly_report,
    template="report_weekly.html",
    permission="reports.view",
    tag="reports",
)
