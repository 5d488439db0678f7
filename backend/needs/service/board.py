"""The public board, its Open311 GeoReport v2 view, and the admins' xlsx export.

The board shows accepted needs their askers let be shown, and what became of them: kind, field, industry,
title, status, age and the township, placed at the township's gazetteer point, never at the need's own
point. Never the asker: no name, phone, organisation, credit code or description (free text may carry them).
"""

import io
from datetime import datetime

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from backend.core.db import utcnow
from backend.extensions import db
from backend.needs.models import Need, NeedKind, NeedStatus, NeedStep
from backend.needs.service.queries import deadlines
from backend.regions.codes import region_prefix
from backend.regions.models import Association, Region
from backend.volunteers.models import FIELD_LABELS, Field

#: what the board shows: accepted and every state after it (refused and duplicate needs never were accepted)
BOARD_STATUSES = (NeedStatus.accepted, NeedStatus.matched, NeedStatus.in_service, NeedStatus.resolved,
                  NeedStatus.closed)
#: Open311's two states: a resolved need waits only for its asker's word
CLOSED_STATUSES = (NeedStatus.resolved, NeedStatus.closed)

KIND_LABELS = {NeedKind.consulting: "技术咨询", NeedKind.training: "技术培训", NeedKind.extension: "技术推广",
               NeedKind.transfer: "成果转化", NeedKind.rnd: "产品研发", NeedKind.talent: "人才培训",
               NeedKind.planning: "产业规划", NeedKind.foresight: "技术预见", NeedKind.health: "健康服务",
               NeedKind.popularization: "科普宣传"}
STATUS_LABELS = {NeedStatus.submitted: "待受理", NeedStatus.accepted: "已受理", NeedStatus.refused: "不予受理",
                 NeedStatus.duplicate: "重复", NeedStatus.matched: "已对接", NeedStatus.in_service: "服务中",
                 NeedStatus.resolved: "已办结", NeedStatus.closed: "已关闭"}


def board_query(region_code: str | None = None, kind: NeedKind | None = None, field: str | None = None,
                status: NeedStatus | None = None, open311_status: str | None = None):
    """Public needs, newest first, filtered."""
    stmt = select(Need).where(Need.is_public.is_(True), Need.status.in_(BOARD_STATUSES))
    if region_code:
        stmt = stmt.where(Need.county_code.startswith(region_prefix(region_code)))
    if kind is not None:
        stmt = stmt.where(Need.kind == kind)
    if field:
        stmt = stmt.where(Need.field == field)
    if status is not None:
        stmt = stmt.where(Need.status == status)
    if open311_status == "open":
        stmt = stmt.where(Need.status.not_in(CLOSED_STATUSES))
    elif open311_status == "closed":
        stmt = stmt.where(Need.status.in_(CLOSED_STATUSES))
    return stmt.order_by(Need.created_at.desc(), Need.id.desc())


def public_need(need_id: int) -> Need | None:
    """A need of the board, or None (not there, or not public)."""
    return db.session.scalar(board_query().where(Need.id == need_id))


class BoardList:
    """A page of the board as core.pagination.SelectPage reads it: each need with its township, its
    county and the figures of the stage it is in, loaded for the page at once."""

    def __init__(self, stmt, now: datetime | None = None):
        self.stmt, self.now = stmt, now or utcnow()

    def page(self, offset: int, limit: int) -> list[dict]:
        needs = db.session.scalars(self.stmt.options(selectinload(Need.assignments)).offset(offset).limit(limit)).all()
        return shown(needs, self.now)

    def count(self) -> int:
        return db.session.scalar(select(func.count()).select_from(self.stmt.order_by(None).subquery()))


def _places(needs) -> dict[str, Region]:
    codes = {n.township_code for n in needs} | {n.county_code for n in needs}
    return {r.code: r for r in db.session.scalars(select(Region).where(Region.code.in_(codes)))} if codes else {}


def shown(needs, now: datetime | None = None) -> list[dict]:
    """What the board shows of each need: never the asker, never the need's own point."""
    now, places = now or utcnow(), _places(needs)
    rows = []
    for need in needs:
        township, county = places[need.township_code], places[need.county_code]
        clocks = deadlines(need, now)
        rows.append({"id": need.id, "kind": need.kind, "field": need.field, "industry": need.industry,
                     "title": need.title, "status": need.status, "urgency": need.urgency,
                     "township_code": township.code, "township_name": township.name,
                     "county_code": county.code, "county_name": county.name,
                     "lat": township.lat, "lng": township.lng, "created_at": need.created_at,
                     "updated_at": need.updated_at, "age_days": max(0, (now - need.created_at).days),
                     "overdue": clocks["overdue"], "expected_at": clocks["stage_due_at"]})
    return rows


# --- Open311 GeoReport v2 -------------------------------------------------------------------------------


def open311_services() -> list[dict]:
    return [{"service_code": kind.value, "service_name": KIND_LABELS[kind], "description": KIND_LABELS[kind],
             "metadata": False, "type": "realtime", "keywords": "", "group": "科技服务"} for kind in NeedKind]


def open311_requests(needs) -> list[dict]:
    """GeoReport v2 service requests of board needs: township-level lat/long, the last status note, the
    association whose turn it is."""
    rows = shown(needs)
    notes = _last_notes([n.id for n in needs])
    agencies = dict(db.session.execute(select(Association.region_code, Association.name).where(
        Association.region_code.in_({n.handling_region_code for n in needs}))).all()) if needs else {}
    handling = {r.code: r.name for r in db.session.scalars(
        select(Region).where(Region.code.in_({n.handling_region_code for n in needs})))} if needs else {}
    out = []
    for need, row in zip(needs, rows, strict=True):
        code = need.handling_region_code
        out.append({
            "service_request_id": str(need.id),
            "status": "closed" if need.status in CLOSED_STATUSES else "open",
            "status_notes": notes.get(need.id, "") or STATUS_LABELS[need.status],
            "service_name": KIND_LABELS[need.kind], "service_code": need.kind.value,
            "description": need.title,
            "agency_responsible": agencies.get(code) or f"{handling.get(code, '')}科学技术协会",
            "service_notice": "", "requested_datetime": need.created_at, "updated_datetime": need.updated_at,
            "expected_datetime": row["expected_at"],
            "address": "".join([row["county_name"], row["township_name"]]), "address_id": row["township_code"],
            "zipcode": "", "lat": row["lat"], "long": row["lng"], "media_url": "",
        })
    return out


def _last_notes(need_ids: list[int]) -> dict[int, str]:
    """The latest status note of each need (a step with a note), in one query."""
    if not need_ids:
        return {}
    latest = (select(NeedStep.need_id, func.max(NeedStep.id).label("id"))
              .where(NeedStep.need_id.in_(need_ids), NeedStep.note != "").group_by(NeedStep.need_id).subquery())
    rows = db.session.execute(select(NeedStep.need_id, NeedStep.note).join(latest, latest.c.id == NeedStep.id))
    return dict(rows.all())


# --- the admins' export ---------------------------------------------------------------------------------


EXPORT_LIMIT = 10_000


def export_xlsx(stmt, now: datetime | None = None) -> bytes:
    """The needs of an admin's list (GET /needs' filters) as an xlsx workbook, Chinese headers; at most
    EXPORT_LIMIT rows, newest first. Admins over the area see the asker's organisation, not their phone."""
    now = now or utcnow()
    needs = db.session.scalars(stmt.options(selectinload(Need.assignments)).limit(EXPORT_LIMIT)).all()
    places = _places(needs)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Needs")
    sheet.append(["编号", "标题", "服务类型", "专业领域", "产业", "状态", "紧急程度", "县区", "乡镇", "提出方类型",
                  "单位名称", "提出时间", "受理时限", "对接时限", "是否超时", "来源"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for need in needs:
        field = FIELD_LABELS[Field(need.field)][0] if need.field in Field._value2member_map_ else need.field
        clocks = deadlines(need, now)
        sheet.append([need.id, need.title, KIND_LABELS[need.kind], field, need.industry, STATUS_LABELS[need.status],
                      "紧急" if need.urgency.value == "urgent" else "一般", places[need.county_code].name,
                      places[need.township_code].name, _ASKER_LABELS[need.asker_type.value], need.org_name,
                      _local(need.created_at), _local(need.triage_due_at), _local(need.assign_due_at),
                      "是" if clocks["overdue"] else "否", "摸底调研" if need.source == "survey" else "群众提出"])
    for column, width in zip("ABCDEFGHIJKLMNOP", (8, 36, 10, 14, 10, 8, 8, 10, 12, 10, 24, 17, 17, 17, 8, 8),
                             strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_ASKER_LABELS = {"village": "村委会", "cooperative": "合作社", "enterprise": "企业", "individual": "个人",
                 "department": "县直部门"}


def _local(moment: datetime | None) -> str:
    from zoneinfo import ZoneInfo

    return "" if moment is None else moment.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
