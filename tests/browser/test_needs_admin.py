"""The county admin's needs workspace: refusing with a reason and marking a duplicate (the asker then
follows the original), the survey import (template, upload, a result per row, the same file twice
creates nothing new) and the xlsx export of the filtered list."""

import io
import uuid

from openpyxl import load_workbook
from sqlalchemy import func, select

from backend.events.models import Event  # noqa: F401 - the events' mappers before the needs' (see backend/needs/models)
from backend.extensions import db
from backend.needs.models import Need, NeedFollower
from tests.browser.conftest import log_in

DESK = {"width": 1280, "height": 900}
SIZHU = "610124116000"


def raise_by_api(app, login, user, title):
    client = app.test_client()
    login(client, user)
    body = {"client_uuid": str(uuid.uuid4()), "kind": "consulting", "field": "fruit_tea", "title": title,
            "description": "溃疡病多发。", "township_code": SIZHU, "asker_type": "village", "org_name": "马家村村委会"}
    response = client.post("/api/v1/needs", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_admin_refuses_one_need_and_marks_another_a_duplicate(app, new_context, login, make_user, county_admin,
                                                               screenshot):
    asker, other = make_user(display_name="马主任"), make_user(display_name="李会计")
    original = raise_by_api(app, login, asker, "猕猴桃溃疡病防治")
    again = raise_by_api(app, login, other, "溃疡病怎么防")
    odd = raise_by_api(app, login, other, "想买一台拖拉机")
    page = new_context(viewport=DESK).new_page()
    log_in(page, county_admin, next_path=f"/admin/needs/{odd}")
    page.locator(".triage").get_by_role("button", name="不予受理").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("原因").fill("购置农机不属于科技服务，请联系县农业农村局。")
    dialog.get_by_role("button", name="不予受理").click()
    page.locator(".meta", has_text="不予受理").wait_for()
    page.locator(".timeline", has_text="购置农机不属于科技服务").wait_for()

    page.goto(f"/admin/needs/{again}")
    page.locator(".triage").get_by_role("button", name="标记为重复").click()
    dialog = page.get_by_role("dialog")
    assert f"#{original} 猕猴桃溃疡病防治" in dialog.inner_text()  # the open needs of its field, to pick from
    dialog.get_by_label("原需求编号").fill(str(original))
    dialog.get_by_role("button", name="标记为重复").click()
    page.locator(".meta", has_text="重复需求").wait_for()
    screenshot(page, "needs_admin_duplicate_1280")
    db.session.commit()
    assert db.session.get(Need, again).duplicate_of_id == original
    assert db.session.get(NeedFollower, (original, other.id)) is not None

    page.goto("/admin/needs?status=refused")
    table = page.locator("#needs-table")
    table.get_by_role("link", name="想买一台拖拉机").wait_for()
    assert "猕猴桃溃疡病防治" not in table.inner_text()
    href = page.get_by_role("link", name="导出（xlsx）").get_attribute("href")
    assert "status=refused" in href and "region_code=610124" in href
    client = app.test_client()
    login(client, county_admin)
    book = load_workbook(io.BytesIO(client.get(href).data))
    assert "想买一台拖拉机" in str([[c.value for c in row] for row in book.active.iter_rows()])


def survey_file(client) -> bytes:
    book = load_workbook(io.BytesIO(client.get("/api/v1/needs/survey-template.xlsx").data))
    sheet = book.active
    sheet.append(["苹果园水肥一体化改造", "技术推广", "果业与茶叶", "苹果", "想建滴灌。", "楼观镇", "合作社",
                  "楼观镇果业合作社", "", "一般", "是"])
    sheet.append(["不存在的乡镇的需求", "技术咨询", "种植业", "", "", "火星镇", "个人", "", "", "一般", "是"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_admin_imports_a_survey_and_the_same_file_again_creates_nothing(app, new_context, login, county_admin,
                                                                       screenshot):
    client = app.test_client()
    login(client, county_admin)
    data = survey_file(client)
    page = new_context(viewport=DESK).new_page()
    log_in(page, county_admin, next_path="/admin/needs")
    page.get_by_role("link", name="需求摸底调研导入").click()
    assert page.get_by_role("link", name="下载模板").get_attribute("href") == "/api/v1/needs/survey-template.xlsx"
    upload = {"name": "survey.xlsx", "buffer": data,
              "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    page.set_input_files("#survey-form input[type=file]", files=[upload])
    page.get_by_role("button", name="导入").click()
    results = page.locator("#survey-results")
    results.get_by_text("新建 2 条，已导入过 0 条，有误 1 条。").wait_for()
    rows = results.locator("tbody tr")
    assert rows.count() == 3
    invalid = results.locator("tbody tr", has_text="有误")
    assert "火星镇" in invalid.inner_text() or "乡镇" in invalid.inner_text()
    screenshot(page, "needs_survey_1280")
    db.session.commit()
    assert db.session.scalar(select(func.count(Need.id))) == 2

    page.get_by_role("button", name="导入").click()
    results.get_by_text("新建 0 条，已导入过 2 条，有误 1 条。").wait_for()
    db.session.commit()
    assert db.session.scalar(select(func.count(Need.id))) == 2
