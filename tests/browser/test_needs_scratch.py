from sqlalchemy import select

from backend.events.models import Event  # noqa: F401
from backend.extensions import db
from tests.browser.conftest import log_in
from tests.factories.accounts import DEFAULT_PASSWORD


def test_scratch(app, runner, new_context, screenshot):
    from backend.accounts.models import User
    from backend.accounts.service import hash_password
    from backend.needs.models import Need

    runner.invoke(args=["demo", "load"])
    for u in db.session.scalars(select(User)).all():
        u.password_hash = hash_password(DEFAULT_PASSWORD)
    db.session.commit()
    admin = db.session.scalar(select(User).where(User.phone == "13900000003"))
    asker = db.session.scalar(select(User).where(User.phone == "13900000021"))
    leader = db.session.scalar(select(User).where(User.phone == "13900000007"))
    desk = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, admin, next_path="/admin/needs")
    desk.locator("#needs-table table").wait_for()
    desk.locator("#needs-figures table").wait_for()
    screenshot(desk, "scratch_admin_list")
    n = db.session.scalar(select(Need).where(Need.title == "猕猴桃电商直播带货培训"))
    desk.goto(f"/admin/needs/{n.id}")
    desk.locator(".timeline").wait_for()
    screenshot(desk, "scratch_admin_need")
    phone = new_context().new_page()
    log_in(phone, asker, next_path="/me/needs")
    phone.locator("#my-needs .card").first.wait_for()
    screenshot(phone, "scratch_mine")
    c = db.session.scalar(select(Need).where(Need.title == "猕猴桃溃疡病春季防治指导"))
    phone.goto(f"/needs/{c.id}")
    phone.locator(".timeline").wait_for()
    screenshot(phone, "scratch_need_closed")
    lead = new_context().new_page()
    log_in(lead, leader, next_path="/me/assignments")
    lead.locator("#assignments").wait_for()
    screenshot(lead, "scratch_assignments")
    m = db.session.scalar(select(Need).where(Need.title == "猕猴桃冬季修剪技术培训"))
    lead.goto(f"/needs/{m.id}")
    lead.locator(".timeline").wait_for()
    screenshot(lead, "scratch_leader_need")
