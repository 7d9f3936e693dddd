"""What the dashboard shows: headline numbers and four charts, each with its table, built from the
reports (so the dashboard never disagrees with them) under the reader's scope and filters."""

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from analytics.charts import bar_chart, line_chart, tile_map
from analytics.reports import REPORTS
from analytics.reports.access import Scope
from analytics.reports.base import ReportResult, pct
from analytics.reports.filters import ReportFilters

TOP = 10


@dataclass
class Panel:
    key: str
    title: str
    svg: SafeString
    result: ReportResult


def chart_svg(result: ReportResult, *, rtl: bool, limit: int | None = None) -> SafeString | None:
    """The report's chart, drawn from its rows (the first ``limit`` of them)."""
    chart = result.chart
    if chart is None:
        return None
    rows = result.rows()[:limit] if limit else result.rows()
    value = chart.value_columns[0]
    if chart.kind == "map":
        names = {row["code"]: str(row["governorate"]) for row in rows}
        return tile_map(names=names, values={row["code"]: row[value] for row in rows}, title=str(chart.title))
    labels = [str(row[chart.label_column]) for row in rows]
    values = [row[value] for row in rows]
    draw = line_chart if chart.kind == "line" else bar_chart
    return draw(labels=labels, values=values, title=str(chart.title), rtl=rtl)


def dashboard(*, filters: ReportFilters, scope: Scope, rtl: bool) -> dict:
    built = {
        key: REPORTS[key].build(filters=filters, scope=scope)
        for key in ("funnel", "reach", "governorates", "cascade")
    }
    enrolled, began, completed, certified = (row["enrolments"] for row in built["funnel"].rows())
    cascade = built["cascade"]
    # Multiplier over the whole cascade: its people trained ÷ its trainers (cascade.py).
    trainers = int(cascade.frame["trainers"].sum()) if len(cascade.frame) else 0
    through = cascade.summary[1][1]
    headlines = [
        (_("People trained"), built["reach"].summary[0][1]),
        (_("Enrolments"), enrolled),
        (_("Completion rate"), f"{pct(completed, began) or 0} %"),
        (_("Certified"), certified),
        (_("Master trainers"), len(cascade.frame)),
        (_("Reach multiplier"), round(through / trainers, 1) if trainers else 0),
    ]
    titles = {key: REPORTS[key].title for key in built}
    panels = [
        Panel(
            key,
            str(titles[key]),
            chart_svg(built[key], rtl=rtl, limit=TOP if key == "cascade" else None),
            built[key],
        )
        for key in ("governorates", "reach", "funnel", "cascade")
    ]
    return {"headlines": headlines, "panels": panels}
