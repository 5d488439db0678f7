"""Station and county figures by month (Asia/Shanghai), as JSON rows and as an .xlsx download.

Only logs that count (unflagged, or flagged and accepted) add to the logs and people figures; the
flagged, pending and rejected columns show what was held back.
"""

import io
from datetime import UTC, datetime

from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from backend.core.db import LOCAL_TZ
from backend.core.errors import DomainError
from backend.extensions import db
from backend.regions import service as regions
from backend.regions.codes import region_prefix
from backend.stations.fieldlogs.models import FieldLog, FieldLogKind, ReviewStatus, counts_in_figures
from backend.stations.models import Station

MAX_MONTHS = 36
PEOPLE = ("people_served", "women", "low_income", "over_60")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_HEADERS = {"training": "培训", "clinic": "义诊", "extension": "农技推广", "lecture": "讲座",
                "consultation": "咨询"}
HEADERS = ["月份", "有效记录数", *KIND_HEADERS.values(), "服务人数", "其中女性", "其中脱贫户", "其中60岁以上",
           "存疑记录", "待审核", "已驳回"]


def _parse_month(text: str) -> tuple[int, int]:
    year, month = text.split("-")
    return int(year), int(month)


def months_between(start: str | None, end: str | None, now: datetime) -> list[str]:
    local = now.astimezone(LOCAL_TZ)
    last = _parse_month(end) if end else (local.year, local.month)
    first = _parse_month(start) if start else ((last[0] * 12 + last[1] - 12) // 12, (last[1] - 12) % 12 + 1)
    count = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    if count < 1 or count > MAX_MONTHS:
        message = _l("Pick from 1 to 36 months, the first before the last.")
        raise DomainError(422, "bad_month_range", message, {"from": [message]})
    index = first[0] * 12 + first[1] - 1
    return [f"{(index + i) // 12:04d}-{(index + i) % 12 + 1:02d}" for i in range(count)]


def _month_start(month: str) -> datetime:
    year, number = _parse_month(month)
    return datetime(year, number, 1, tzinfo=LOCAL_TZ).astimezone(UTC)


def _month_end(month: str) -> datetime:
    year, number = _parse_month(month)
    return (datetime(year, number, 1, tzinfo=LOCAL_TZ) + relativedelta(months=1)).astimezone(UTC)


def empty_row(month: str) -> dict:
    return {"month": month, "logs": 0, "logs_by_kind": {k.value: 0 for k in FieldLogKind},
            **dict.fromkeys(PEOPLE, 0), "flagged": 0, "pending": 0, "rejected": 0}


def _add(row: dict, log) -> None:
    row["flagged"] += bool(log.flags)
    row["pending"] += log.review_status == ReviewStatus.pending
    row["rejected"] += log.review_status == ReviewStatus.rejected
    if not counts_in_figures(log.flags, log.review_status):
        return
    row["logs"] += 1
    row["logs_by_kind"][log.kind.value] += 1
    for name in PEOPLE:
        row[name] += getattr(log, name)


def _sum(rows: list[dict], label: str) -> dict:
    total = empty_row(label)
    for row in rows:
        for key, value in row.items():
            if key == "logs_by_kind":
                for kind, n in value.items():
                    total[key][kind] += n
            elif key != "month":
                total[key] += value
    return total


def _rows_by_station(station_ids: list[int], months: list[str]) -> dict[int, dict[str, dict]]:
    table = {sid: {m: empty_row(m) for m in months} for sid in station_ids}
    if not station_ids:
        return table
    stmt = select(FieldLog.station_id, FieldLog.kind, FieldLog.occurred_at, FieldLog.flags, FieldLog.review_status,
                  *(getattr(FieldLog, name) for name in PEOPLE)).where(
        FieldLog.station_id.in_(station_ids), FieldLog.occurred_at >= _month_start(months[0]),
        FieldLog.occurred_at < _month_end(months[-1]))
    for log in db.session.execute(stmt):
        month = log.occurred_at.astimezone(LOCAL_TZ).strftime("%Y-%m")
        _add(table[log.station_id][month], log)
    return table


def _station_block(station: Station, by_month: dict[str, dict]) -> dict:
    months = list(by_month.values())
    return {"station_id": station.id, "station_name": station.name, "region_code": station.region_code,
            "months": months, "total": _sum(months, "total")}


def station_report(station: Station, months: list[str]) -> dict:
    return _station_block(station, _rows_by_station([station.id], months)[station.id])


def _months_of(blocks: list[dict], months: list[str]) -> list[dict]:
    return [_sum([b["months"][i] for b in blocks], m) for i, m in enumerate(months)]


def county_report(region, months: list[str], by_county: bool = False) -> dict:
    """The region's figures by month, in total and per station; `by_county` adds one block per county
    that has a station (a city's or the province's counties side by side), in code order."""
    stations = db.session.scalars(select(Station).where(Station.region_code.startswith(region_prefix(region.code)))
                                  .order_by(Station.id)).all()
    table = _rows_by_station([s.id for s in stations], months)
    blocks = [_station_block(s, table[s.id]) for s in stations]
    county_months = _months_of(blocks, months)
    report = {"region_code": region.code, "region_name": region.name, "months": county_months,
              "total": _sum(county_months, "total"), "stations": blocks}
    if by_county:
        report["counties"] = _county_blocks(blocks, months)
    return report


def _county_blocks(station_blocks: list[dict], months: list[str]) -> list[dict]:
    by_code: dict[str, list[dict]] = {}
    for block in station_blocks:
        by_code.setdefault(block["region_code"][:6], []).append(block)
    names = regions.names_of(by_code)
    counties = []
    for code in sorted(by_code):
        rows = _months_of(by_code[code], months)
        counties.append({"region_code": code, "region_name": names.get(code, code), "months": rows,
                         "total": _sum(rows, "total")})
    return counties


def _cells(row: dict) -> list:
    label = "合计" if row["month"] == "total" else row["month"]
    return [label, row["logs"], *(row["logs_by_kind"][k] for k in KIND_HEADERS), *(row[p] for p in PEOPLE),
            row["flagged"], row["pending"], row["rejected"]]


def _sheet(workbook: Workbook, title: str, leading: list[str], rows: list[tuple[list, dict]]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append([*leading, *HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for prefix, row in rows:
        sheet.append([*prefix, *_cells(row)])
    sheet.freeze_panes = "A2"


def _to_bytes(workbook: Workbook) -> bytes:
    del workbook[workbook.sheetnames[0]]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def station_xlsx(report: dict) -> bytes:
    workbook = Workbook()
    _sheet(workbook, "站点月报", [], [([], r) for r in [*report["months"], report["total"]]])
    return _to_bytes(workbook)


def county_xlsx(report: dict) -> bytes:
    workbook = Workbook()
    _sheet(workbook, "县汇总", [], [([], r) for r in [*report["months"], report["total"]]])
    if "counties" in report:
        per_county = [([c["region_code"], c["region_name"]], r) for c in report["counties"]
                      for r in [*c["months"], c["total"]]]
        _sheet(workbook, "各县区", ["区划代码", "县区"], per_county)
    per_station = [([b["station_id"], b["station_name"]], r) for b in report["stations"]
                   for r in [*b["months"], b["total"]]]
    _sheet(workbook, "各站点", ["站点编号", "站点名称"], per_station)
    return _to_bytes(workbook)
