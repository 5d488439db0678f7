"""The needs survey (需求摸底调研): the template, importing it per row, twice without duplicates, a bad file
refused whole; and the admins' xlsx export with GET /needs' filters."""

import io

from openpyxl import load_workbook

from backend.extensions import db
from backend.needs.models import Need, NeedStatus
from tests.factories.places import YUYANG, ZHOUZHI

TEMPLATE = "/api/v1/needs/survey-template.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filled(client, rows) -> bytes:
    """The template as downloaded, its example row replaced by `rows`."""
    book = load_workbook(io.BytesIO(client.get(TEMPLATE).data))
    sheet = book.active
    sheet.delete_rows(2)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = ["猕猴桃溃疡病防治", "技术咨询", "果业与茶叶", "猕猴桃", "溃疡病发病面积约200亩", "哑柏镇", "合作社",
        "周至县某猕猴桃专业合作社", "", "紧急", "是"]
ROWS = [
    GOOD,
    ["奶山羊疫病防治培训", "技术培训", "畜牧养殖", "奶山羊", "", "610124001000", "村委会", "", "", "", ""],
    ["", "技术咨询", "果业与茶叶", "", "", "哑柏镇", "个人", "", "", "", ""],  # no title
    ["苹果品牌", "品牌策划", "果业与茶叶", "", "", "哑柏镇", "企业", "", "", "", ""],  # not a kind of the list
    ["榆阳的事", "技术咨询", "种植业", "", "", "鼓楼街道", "村委会", "", "", "", ""],  # another county's township
    # a wrong check character in the unified social credit code
    ["企业研发", "产品研发", "先进制造", "", "", "哑柏镇", "企业", "某公司", "91610000MA6TG1234X", "", ""],
]


def _upload(client, data: bytes, region_code=ZHOUZHI, name="survey.xlsx"):
    return client.post("/api/v1/needs/survey", data={"region_code": region_code, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", headers={"Accept-Language": "zh"})


def test_template_has_chinese_headers(client):
    response = client.get(TEMPLATE)
    assert response.status_code == 200 and response.mimetype == XLSX
    sheet = load_workbook(io.BytesIO(response.data)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:6] == ["需求标题", "服务类型", "专业领域", "产业关键词", "需求描述", "乡镇（街道）"]


def test_import_answers_each_row_and_twice_creates_nothing_new(app, client, login, county_admin):
    login(client, county_admin)
    data = _filled(client, ROWS)
    response = _upload(client, data)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["created"], body["already_imported"], body["invalid"]) == (2, 0, 4)
    results = {r["row"]: r for r in body["rows"]}
    assert results[2]["result"] == "created" and results[3]["result"] == "created"
    assert results[4]["reason"] == "缺少：需求标题"
    assert "服务类型" in results[5]["reason"] and "品牌策划" in results[5]["reason"]
    assert results[6]["reason"] == "鼓楼街道 不是本县的乡镇（街道）"
    assert results[7]["reason"] == "统一社会信用代码无效（应为 18 位）。"
    need = db.session.get(Need, results[2]["need_id"])
    assert need.status == NeedStatus.accepted and need.source == "survey" and need.county_code == ZHOUZHI
    assert need.urgency.value == "urgent" and need.township_code == "610124101000" and need.field == "fruit_tea"
    assert need.asker_id is None and need.triage_due_at is not None and need.assign_due_at is not None
    again = _upload(client, data).get_json()
    assert (again["created"], again["already_imported"], again["invalid"]) == (0, 2, 4)
    assert {r["need_id"] for r in again["rows"] if r["result"] == "already_imported"} == \
        {results[2]["need_id"], results[3]["need_id"]}
    assert db.session.query(Need).count() == 2


def test_the_same_row_twice_in_one_file_is_one_need(app, client, login, county_admin):
    login(client, county_admin)
    body = _upload(client, _filled(client, [GOOD, GOOD])).get_json()
    assert [r["result"] for r in body["rows"]] == ["created", "already_imported"]
    assert db.session.query(Need).count() == 1


def test_a_file_that_is_not_an_xlsx_is_refused_whole(app, client, login, county_admin):
    login(client, county_admin)
    for data in (b"%PDF-1.4 not a workbook", b"PK\x03\x04 broken zip", "需求标题,服务类型\n".encode()):
        response = _upload(client, data)
        assert response.status_code == 422 and response.get_json()["error"]["code"] == "survey_not_xlsx"
    from openpyxl import Workbook

    book, out = Workbook(), io.BytesIO()
    book.active.append(["标题", "类型"])
    book.active.append(GOOD)
    book.save(out)
    response = _upload(client, out.getvalue())
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "survey_headers_wrong"
    assert db.session.query(Need).count() == 0


def test_only_admins_of_the_county_import(app, client, login, admin_of, make_user):
    data = _filled(client, [GOOD])
    assert _upload(client, data).status_code == 401
    login(client, admin_of(YUYANG))
    assert _upload(client, data).status_code == 403
    login(client, make_user())
    assert _upload(client, data).status_code == 403
    login(client, admin_of("610100"))
    city = _upload(client, data, region_code="610100")
    assert city.status_code == 422 and city.get_json()["error"]["code"] == "not_a_county"
    assert _upload(client, data).status_code == 200
    assert db.session.query(Need).count() == 1


def test_admins_export_their_needs_with_the_lists_filters(app, client, login, county_admin, admin_of, raise_need,
                                                          need_flow):
    accepted = raise_need(title="已受理的需求")
    need_flow.accept(accepted)
    raise_need(title="待受理的需求")
    raise_need(title="榆阳的需求", township_code="610802001000")
    assert client.get("/api/v1/needs.xlsx").status_code == 401
    login(client, county_admin)
    response = client.get("/api/v1/needs.xlsx")
    assert response.status_code == 200 and response.mimetype == XLSX
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].value == "编号" and sheet["F1"].value == "状态"
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == ["已受理的需求", "待受理的需求"]
    filtered = load_workbook(io.BytesIO(client.get("/api/v1/needs.xlsx?status=accepted").data)).active
    assert [row[1] for row in filtered.iter_rows(min_row=2, values_only=True)] == ["已受理的需求"]
    assert [row[5] for row in filtered.iter_rows(min_row=2, values_only=True)] == ["已受理"]
    assert client.get(f"/api/v1/needs.xlsx?region_code={YUYANG}").status_code == 403


def test_an_imported_survey_asks_no_admin_to_triage_its_rows(app, client, login, county_admin):
    from backend.notifications.models import Notification

    login(client, county_admin)
    assert _upload(client, _filled(client, [GOOD])).get_json()["created"] == 1

    kinds = [n.kind for n in db.session.query(Notification).filter_by(user_id=county_admin.id)]
    assert "need.submitted" not in kinds
    assert db.session.query(Need).one().status == NeedStatus.accepted
