"""Exports of a region's figures for a year: xlsx (a sheet per indicator and per county, Chinese headers)
and SDMX-CSV for the statistics office (DATAFLOW, FREQ, REF_AREA, TIME_PERIOD, INDICATOR, OBS_VALUE,
OBS_STATUS; status A for a month whose report the province accepted, P (provisional) otherwise)."""

import csv
import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from backend.assessment.indicators import BY_CODE, CODES
from backend.assessment.models import MonthlyReport, ReportStatus
from backend.assessment.service import dashboards
from backend.extensions import db
from backend.regions.codes import region_prefix

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATAFLOW = "SXKX:OUTREACH_ASSESSMENT(1.0)"
STATUS_ZH = {"on_track": "达标", "at_risk": "预警", "behind": "滞后", None: ""}


def _bold(sheet) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"


def _v(code: str, pair) -> float | int | None:
    return BY_CODE[code].value(*pair)


def _pairs(series: dict) -> list[tuple]:
    """The 12 (num, den) of a county's indicator from the dashboard's {num: [...], den: [...] | None}."""
    dens = series["den"] or [None] * len(series["num"])
    return list(zip(series["num"], dens, strict=True))


def xlsx(scope_code: str, year: int, at: datetime) -> bytes:
    board = dashboards.side_by_side(scope_code, year, at)
    months = board["months"]
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    summary.append(["县区", "代码", "所属市", "片区", "试点", *(f"{BY_CODE[c].name_zh}（{BY_CODE[c].unit}）"
                                                            for c in CODES)])
    for c in board["counties"]:
        summary.append([c["name"], c["region_code"], c["city_name"], c["zone_name"], "是" if c["is_pilot"] else "否",
                        *(c["year"][code]["value"] for code in CODES)])
    _bold(summary)
    for code in CODES:
        ind = BY_CODE[code]
        sheet = book.create_sheet(ind.name_zh[:31])
        sheet.append(["县区", "代码", *months, "全年", "目标", "应达", "进度"])
        for c in board["counties"]:
            cell = c["year"][code]
            sheet.append([c["name"], c["region_code"], *(_v(code, pair) for pair in _pairs(c["months"][code])),
                          cell["value"], cell.get("target"), cell.get("expected"), STATUS_ZH[cell.get("status")]])
        _bold(sheet)
    for c in board["counties"]:
        sheet = book.create_sheet(f"{c['name']}{c['region_code']}"[:31])
        sheet.append(["指标", "单位", *months, "全年", "目标", "进度"])
        for code in CODES:
            cell = c["year"][code]
            sheet.append([BY_CODE[code].name_zh, BY_CODE[code].unit, *(_v(code, p) for p in _pairs(c["months"][code])),
                          cell["value"], cell.get("target"), STATUS_ZH[cell.get("status")]])
        _bold(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sdmx_csv(scope_code: str, year: int, at: datetime) -> str:
    board = dashboards.side_by_side(scope_code, year, at)
    accepted = set(db.session.execute(select(MonthlyReport.region_code, MonthlyReport.month).where(
        MonthlyReport.year == year, MonthlyReport.status == ReportStatus.accepted,
        MonthlyReport.region_code.startswith(region_prefix(scope_code)))).all())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["DATAFLOW", "FREQ", "REF_AREA", "TIME_PERIOD", "INDICATOR", "OBS_VALUE", "OBS_STATUS"])
    for c in board["counties"]:
        for code in CODES:
            for i, pair in enumerate(_pairs(c["months"][code])):
                value = _v(code, pair)
                if value is None:
                    continue
                status = "A" if (c["region_code"], i + 1) in accepted else "P"
                writer.writerow([DATAFLOW, "M", c["region_code"], board["months"][i], code.upper(), value, status])
    return out.getvalue()
