"""The needs survey (需求摸底调研): a county's xlsx template, and importing the filled workbook.

Every row becomes an accepted need of the county (raised and accepted through the needs' own services, so
its clocks and timeline are those of any need) or is answered on its own: created, already_imported (its
fingerprint, the row's cells with the county, was imported before: importing the same file twice creates
nothing new) or invalid, with the reason in the reader's language. A file that is not an xlsx workbook, or
whose headers are not the template's, is refused as a whole; the view commits once, after every row.
"""

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select

from backend.core.errors import DomainError
from backend.extensions import db
from backend.needs.models import AskerType, Need, Urgency
from backend.needs.service import raising, triage
from backend.needs.service.board import KIND_LABELS
from backend.regions.models import Region, RegionLevel
from backend.volunteers.models import FIELD_LABELS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: rows read from one workbook
MAX_ROWS = 2000
#: one namespace for the client UUIDs of survey rows (uuid5 of the fingerprint)
_NAMESPACE = uuid.UUID("5c0c3f5e-7f1a-4d7b-9a57-6d7e1b2f0a15")

HEADERS = ("需求标题", "服务类型", "专业领域", "产业关键词", "需求描述", "乡镇（街道）", "提出方类型", "单位名称",
           "统一社会信用代码", "紧急程度", "可否公开")
REQUIRED = ("需求标题", "服务类型", "专业领域", "乡镇（街道）", "提出方类型")
ASKER_LABELS = {AskerType.village: "村委会", AskerType.cooperative: "合作社", AskerType.enterprise: "企业",
                AskerType.individual: "个人", AskerType.department: "县直部门"}
URGENCY_LABELS = {"一般": Urgency.normal, "紧急": Urgency.urgent}
YES_NO = {"是": True, "否": False}
_KINDS = {label: kind for kind, label in KIND_LABELS.items()}
_FIELDS = {zh: field.value for field, (zh, _en) in FIELD_LABELS.items()}
_ASKERS = {label: asker for asker, label in ASKER_LABELS.items()}
_LIMITS = {"需求标题": 200, "产业关键词": 64, "需求描述": 4000, "单位名称": 128}


def template() -> bytes:
    """The survey template: Chinese headers, drop-down lists for the closed choices, an example row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "需求摸底调研"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(["猕猴桃溃疡病防治", "技术咨询", "果业与茶叶", "猕猴桃",
                  "今年春季溃疡病发病面积约200亩，需要专家现场诊断。", "哑柏镇", "合作社",
                  "周至县某猕猴桃专业合作社", "", "一般", "是"])
    choices = {"B": list(_KINDS), "C": list(_FIELDS), "G": list(_ASKERS), "J": list(URGENCY_LABELS), "K": list(YES_NO)}
    for column, values in choices.items():
        rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        rule.add(f"{column}2:{column}{MAX_ROWS + 1}")
        sheet.add_data_validation(rule)
    for column, width in zip("ABCDEFGHIJK", (28, 12, 18, 12, 40, 14, 12, 28, 22, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read(data: bytes) -> list[tuple[int, dict]]:
    """[(row number, {header: text})] of the non-empty rows; the whole file refused if it is not the template."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        message = _l("This file is not an Excel workbook (.xlsx): download the template and fill it in.")
        raise DomainError(422, "survey_not_xlsx", message, {"file": [message]}) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = tuple(_text(v) for v in next(rows, ()) or ())
    if header[:len(HEADERS)] != HEADERS:
        message = _l("The first row must be the template's headers: download the template and fill it in.")
        raise DomainError(422, "survey_headers_wrong", message, {"file": [message]})
    found = []
    for number, values in enumerate(rows, start=2):
        cells = {name: _text(value) for name, value in zip(HEADERS, values or (), strict=False)}
        if any(cells.values()):
            found.append((number, cells))
        if len(found) > MAX_ROWS:
            message = _l("A survey file holds at most 2,000 rows: split it.")
            raise DomainError(422, "survey_too_many_rows", message, {"file": [message]})
    book.close()
    return found


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


def fingerprint(county_code: str, cells: dict) -> str:
    """A row's identity: the county and the row's cells, whitespace trimmed (sha256, hex)."""
    canonical = "\x1f".join([county_code, *(" ".join(cells.get(h, "").split()) for h in HEADERS)])
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class RowResult:
    row: int
    result: str  # created | already_imported | invalid
    need_id: int | None = None
    reason: str | None = None


def _townships(county: Region) -> dict[str, Region]:
    """A county's townships by name and by code."""
    found = {}
    for township in db.session.scalars(select(Region).where(Region.parent_code == county.code,
                                                            Region.level == RegionLevel.township)):
        found[township.name] = found[township.code] = township
    return found


def _parse(cells: dict, townships: dict) -> tuple[dict | None, str | None]:
    """(NeedIn-like data, None) or (None, the reason the row is invalid)."""
    missing = [name for name in REQUIRED if not cells.get(name)]
    if missing:
        return None, _("Missing: %(columns)s", columns="、".join(missing))
    for name, limit in _LIMITS.items():
        if len(cells.get(name, "")) > limit:
            return None, _("%(column)s is longer than %(limit)s characters", column=name, limit=limit)
    choices = [("服务类型", _KINDS), ("专业领域", _FIELDS), ("提出方类型", _ASKERS)]
    for name, allowed in choices:
        if cells[name] not in allowed:
            return None, _("%(column)s: choose from the list (%(value)s is not in it)", column=name, value=cells[name])
    township = townships.get(cells["乡镇（街道）"])
    if township is None:
        return None, _("%(value)s is not a township of this county", value=cells["乡镇（街道）"])
    urgency = URGENCY_LABELS.get(cells.get("紧急程度") or "一般")
    public = YES_NO.get(cells.get("可否公开") or "是")
    if urgency is None or public is None:
        return None, _("Urgency is 一般 or 紧急, and whether it may be shown is 是 or 否")
    code = cells.get("统一社会信用代码", "").upper()
    if code and not raising.credit_code_valid(code):
        return None, _("This is not a valid unified social credit code (18 characters).")
    return {"kind": _KINDS[cells["服务类型"]], "field": _FIELDS[cells["专业领域"]],
            "industry": cells.get("产业关键词", ""), "title": cells["需求标题"],
            "description": cells.get("需求描述", ""),
            "township_code": township.code, "lat": None, "lng": None, "urgency": urgency,
            "asker_type": _ASKERS[cells["提出方类型"]], "org_name": cells.get("单位名称", ""),
            "credit_code": code or None, "is_public": public}, None


def import_survey(county: Region, data: bytes, actor) -> list[RowResult]:
    """Each row of the workbook imported as an accepted need of the county, or answered why not.

    The caller commits once: a file refused as a whole (not an xlsx, wrong headers, too many rows) leaves
    nothing behind."""
    rows = _read(data)
    townships = _townships(county)
    prints = {number: fingerprint(county.code, cells) for number, cells in rows}
    known = dict(db.session.execute(
        select(Need.source_key, Need.id).where(Need.source_key.in_(set(prints.values())))).all())
    results = []
    for number, cells in rows:
        key = prints[number]
        if key in known:
            results.append(RowResult(number, "already_imported", known[key]))
            continue
        parsed, reason = _parse(cells, townships)
        if parsed is None:
            results.append(RowResult(number, "invalid", reason=reason))
            continue
        parsed.update(client_uuid=uuid.uuid5(_NAMESPACE, key), source="survey", source_key=key, photo_uuids=[])
        need, _created = raising.raise_need(None, parsed)
        triage.accept(actor, need, _("Imported from the needs survey"))
        known[key] = need.id
        results.append(RowResult(number, "created", need.id))
    return results
