"""Demo data for `make run`: real places in three pilot counties, one login per level.

Loaded only into an empty database (no users yet); never used by tests as fixtures. Every record
goes through the same schemas and services as the API, so the demo obeys the app's own rules.
Passwords are random and printed once.
"""

import secrets
from datetime import datetime, time, timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from backend.core.db import LOCAL_TZ, writing
from backend.demo.event_day import load_event_day
from backend.demo.figures import load_figures
from backend.demo.needs import load_needs
from backend.extensions import db

ASSOCIATIONS = ["610000", "610100", "610124", "610600", "610629", "610700", "610722"]
PILOT_COUNTIES = ["610124", "610629", "610722"]  # 周至县 (关中), 洛川县 (陕北), 城固县 (陕南)

LOGINS = [
    # phone, display name, role, scope
    ("13900000001", "省科协 管理员", "association_admin", "610000"),
    ("13900000002", "西安市科协 管理员", "association_admin", "610100"),
    ("13900000003", "周至县科协 管理员", "association_admin", "610124"),
    ("13900000004", "洛川县科协 管理员", "association_admin", "610629"),
    ("13900000005", "城固县科协 管理员", "association_admin", "610722"),
    ("13900000006", "周至猕猴桃服务站 站长", "station_head", "周至县猕猴桃农业专家服务站"),
    ("13900000007", "周至猕猴桃服务队 队长", "team_leader", "周至县猕猴桃科技服务队"),
    ("13900000011", "志愿者 王建军", None, None),
    ("13900000012", "志愿者 李秀兰", None, None),
    ("13900000021", "马家村村委会 马主任", None, None),  # raises needs (backend/demo/needs.py)
]

STATIONS = [
    dict(kind="agri_expert_station", name="周至县猕猴桃农业专家服务站", region_code="610124",
         host_organisation="司竹镇猕猴桃专业合作社", address="周至县司竹镇", lat=34.1558, lng=108.2814,
         fields_of_expertise=["猕猴桃", "果树修剪", "病虫害防治"], established_on="2019-04-18"),
    dict(kind="academician_workstation", name="洛川苹果产业院士专家工作站", region_code="610629",
         host_organisation="洛川县苹果产业园区", address="洛川县旧县镇", lat=35.8588, lng=109.5635,
         fields_of_expertise=["苹果", "矮化密植", "水肥一体化"], established_on="2016-09-20"),
    dict(kind="farmer_tech_association", name="城固县柑橘农技协", region_code="610722",
         host_organisation="城固县柑橘产业协会", address="城固县莲花街道", lat=33.1860, lng=107.3115,
         fields_of_expertise=["柑橘", "冬季清园"], established_on="2012-05-06"),
]

TEAMS = [
    dict(kind="service_team", name="周至县猕猴桃科技服务队", region_code="610124", fields=["fruit_tea", "planting"],
         description="县农技中心与西北农林科技大学专家组成，常年下乡指导猕猴桃种植。"),
    dict(kind="tech_manager_team", name="洛川县苹果技术经理人团队", region_code="610629",
         fields=["fruit_tea", "ecommerce_it"],
         description="对接科研成果与果农合作社，推广新品种与电商销售。"),
    dict(kind="service_team", name="城固县乡村健康科技服务队", region_code="610722", fields=["medicine_health"],
         description="县医院医生与乡镇卫生院联合开展义诊和健康科普。"),
]


def _events(days_from_now):
    """(event fields, roles) at real places; times are local (Asia/Shanghai)."""
    return [
        (dict(kind="training", title="猕猴桃冬季修剪技术培训", region_code="610124",
              venue_name="司竹镇猕猴桃合作社培训室",
              lat=34.1558, lng=108.2814, description="讲解冬季修剪、清园和越冬防冻，现场示范。", resident_seats=60,
              starts=days_from_now(3, 9), hours=3), [("讲师", 2), ("助理", 5)]),
        (dict(kind="clinic", title="二曲街道健康义诊", region_code="610124", venue_name="二曲街道社区卫生服务中心广场",
              lat=34.1602, lng=108.2135, description="测血压血糖、常见病咨询、慢病用药指导。", resident_seats=100,
              starts=days_from_now(5, 8), hours=4), [("医生", 3), ("护士", 2), ("助理", 4)]),
        (dict(kind="emergency_drill", title="楼观镇防汛避险应急科普", region_code="610124",
              venue_name="楼观镇中心小学操场",
              lat=34.0871, lng=108.2988, description="山洪避险常识与演练。", resident_seats=None,
              starts=days_from_now(9, 14), hours=2), [("讲师", 1), ("安全员", 4)]),
        (dict(kind="extension", title="苹果园冬季管理现场指导", region_code="610629", venue_name="旧县镇苹果示范园",
              lat=35.8588, lng=109.5635, description="冬剪、刮治腐烂病、施基肥。", resident_seats=40,
              starts=days_from_now(4, 10), hours=3), [("技术指导", 3)]),
        (dict(kind="lecture", title="柑橘冬季清园与防冻讲座", region_code="610722", venue_name="莲花街道文化站",
              lat=33.1860, lng=107.3115, description="清园药剂选择与冻害预防。", resident_seats=80,
              starts=days_from_now(6, 9), hours=2), [("讲师", 1), ("助理", 2)]),
    ]


@click.group("demo")
def demo_cli():
    """Demo data."""


@demo_cli.command("load")
@with_appcontext
def load():
    """Load demo associations, logins, stations, teams and events into an empty database."""
    from backend.accounts.models import User

    with writing(db.session):  # one unit of work, holding the write lock from its start (SQLite)
        if db.session.scalar(select(func.count()).select_from(User)):
            click.echo("demo: the database already has users; nothing loaded")
            return
        passwords = load_demo(now=datetime.now(LOCAL_TZ))
    click.echo("demo: loaded. Logins (shown once; change them before any real use):")
    for phone, name, password in passwords:
        click.echo(f"  {phone}  {password}  {name}")


def load_demo(now: datetime) -> list[tuple[str, str, str]]:
    from backend.accounts import service as accounts
    from backend.accounts.models import Role, RoleGrant
    from backend.regions import service as regions
    from backend.volunteers import service as volunteers

    for code in ASSOCIATIONS:
        regions.ensure_association(code)
    users, shown = {}, []
    for phone, name, _role, _scope in LOGINS:
        password = "Demo-" + secrets.token_urlsafe(9)
        users[phone] = accounts.register(phone, password, name)
        shown.append((phone, name, password))
    province = users["13900000001"]
    db.session.add(RoleGrant(user_id=province.id, role=Role.association_admin, region_code="610000"))
    db.session.flush()
    db.session.refresh(province)
    for code in PILOT_COUNTIES:
        regions.set_pilot(regions.get_region(code), True, actor=province)
    stations = _load_stations(province)
    teams = _load_teams(province)
    for phone, _name, role, scope in LOGINS[1:]:
        if role == "association_admin":
            accounts.grant_role(province, users[phone], Role.association_admin, region_code=scope)
        elif role == "station_head":
            accounts.grant_role(province, users[phone], Role.station_head, station_id=stations[scope].id)
    _load_volunteers(users)
    leaders = [(phone, scope) for phone, _name, role, scope in LOGINS[1:] if role == "team_leader"]
    for phone, scope in leaders:  # through the teams service: a leader is also a member of the team
        volunteers.set_leader(teams[scope], users[phone].id, province)
    # A request to join waiting for the leader or the county admin (the workspace's team page shows it).
    volunteers.request_join(teams["周至县猕猴桃科技服务队"], users["13900000012"],
                            "我在县医院工作，想随队下乡做健康科普。")
    _load_events(province, now, users)
    load_event_day(province, now, users)
    load_figures(province, now, users, stations)
    load_needs(users, teams, stations, now)
    _load_assessment(province, users, now, stations)
    return shown


def _load_stations(actor):
    from backend.stations import service as stations
    from backend.stations.schemas import StationIn

    made = {}
    for data in STATIONS:
        station = stations.create(StationIn().load(data), actor)
        made[station.name] = station
    return made


def _load_teams(actor):
    from backend.volunteers import service as volunteers
    from backend.volunteers.schemas import TeamIn

    made = {}
    for data in TEAMS:
        team = volunteers.create_team(actor, TeamIn().load(data))
        made[team.name] = team
    return made


def _load_volunteers(users):
    from backend.volunteers import service as volunteers
    from backend.volunteers.schemas import ProfileIn

    profiles = {
        "13900000007": dict(real_name="张卫东", fields=["fruit_tea", "planting"], home_region_code="610124",
                            affiliation="周至县农业技术推广中心", available_weekdays=[2, 4, 6]),
        "13900000011": dict(real_name="王建军", fields=["fruit_tea"], home_region_code="610124",
                            affiliation="西北农林科技大学", available_weekdays=[6, 7]),
        "13900000012": dict(real_name="李秀兰", fields=["medicine_health"], home_region_code="610124",
                            affiliation="周至县人民医院", available_weekdays=[1, 3, 5]),
    }
    for phone, data in profiles.items():
        volunteers.save_profile(users[phone], ProfileIn().load(data))


def _load_unpublished(actor, days_from_now):
    """What the admin's events list shows besides published events: a draft and a cancelled event."""
    from backend.events import service as events

    base = dict(region_code="610124", lat=34.1700, lng=108.2300, description="", resident_seats=30)
    starts = days_from_now(12, 14)
    draft = dict(base, kind="training", title="农村电商直播带货培训", venue_name="周至县电商服务中心",
                 starts_at=starts, ends_at=starts + timedelta(hours=2),
                 roles=[{"name": n, "capacity": c} for n, c in (("讲师", 1), ("助理", 3), ("签到员", 2))])
    events.create_event(actor, draft)
    starts = days_from_now(7, 9)
    rained_off = events.create_event(actor, dict(
        base, kind="extension", title="猕猴桃园土壤改良现场会", venue_name="哑柏镇示范园", starts_at=starts,
        ends_at=starts + timedelta(hours=3), roles=[{"name": "技术指导", "capacity": 2}]))
    events.publish(actor, rained_off)
    events.cancel(actor, rained_off, "暴雨预警，改期另行通知")


def _load_events(actor, now, users):
    from backend.events import service as events
    from backend.events.schemas import CampaignIn, EventIn

    spring = events.create_campaign(actor, CampaignIn().load(dict(
        name="2027 科技之春宣传月", theme="科技赋能乡村振兴", starts_on="2027-03-01", ends_on="2027-03-31",
        region_code="610000")))

    def days_from_now(days, hour):
        day = (now + timedelta(days=days)).date()
        return datetime.combine(day, time(hour), LOCAL_TZ)

    made = []
    plans = _events(days_from_now)
    plans.append((dict(kind="lecture", title="科普巡讲·乡村振兴与数字农业", region_code="610124",
                       venue_name="周至县文化馆报告厅", lat=34.1630, lng=108.2190, description="科技之春宣传月巡讲。",
                       resident_seats=150, starts=datetime(2027, 3, 6, 9, tzinfo=LOCAL_TZ), hours=2,
                       campaign_id=spring.id), [("讲师", 2), ("志愿者", 6)]))
    for fields, roles in plans:
        starts = fields.pop("starts")
        hours = fields.pop("hours")
        data = dict(fields, starts_at=starts.isoformat(), ends_at=(starts + timedelta(hours=hours)).isoformat(),
                    signup_deadline=(starts - timedelta(hours=12)).isoformat(),
                    roles=[{"name": n, "capacity": c} for n, c in roles])
        if data["resident_seats"] is None:
            del data["resident_seats"]
        event = events.create_event(actor, EventIn().load(data))
        events.publish(actor, event)
        made.append(event)
    _load_unpublished(actor, days_from_now)
    clinic = made[1]
    doctor = clinic.roles[0]
    events.sign_up(clinic, users["13900000012"], doctor.id)
    training = made[0]
    events.sign_up(training, users["13900000011"], training.roles[0].id)
    return made


def _load_assessment(province, users, now, stations):
    """Targets for the three zones (周至 with its own lecture target), the spring campaign's quotas, three past
    months of held events, verified hours and logs, and 周至's monthly reports: one accepted, one approved
    by the city, last month's waiting for the city."""
    import uuid

    from backend.assessment.service import figures, quotas, reports, targets
    from backend.assessment.service.periods import months_back
    from backend.attendance.models import HoursStatus, ServiceRecord
    from backend.events.models import Campaign, Event, EventKind, EventStatus
    from backend.stations.fieldlogs.models import FieldLog, FieldLogKind

    year = now.year
    for zone in ("guanzhong", "shanbei", "shannan"):
        for code, value, milestones in (("events_lecture", 12, [3, 6, 9, 12]), ("events_total", 40, []),
                                        ("residents_reached", 3000, []), ("volunteer_hours", 600, []),
                                        ("fieldlogs_accepted", 48, []), ("satisfaction", 4.2, []),
                                        ("report_timeliness", 90, [])):
            targets.set_zone_target(year, code, zone, {"value": value, "milestones": milestones}, province)
    targets.set_county_target(year, "events_lecture", "610124", {"value": 16, "milestones": [4, 8, 12, 16]}, province)
    targets.set_weights(year, {"events_total": 2, "residents_reached": 2, "volunteer_hours": 1,
                               "fieldlogs_accepted": 1, "satisfaction": 1, "report_timeliness": 1}, province)
    spring = db.session.scalar(select(Campaign).where(Campaign.name == "2027 科技之春宣传月"))
    quotas.set_template(spring, quotas.DEFAULT_TEMPLATE, province)

    past = months_back(now, 4)[:-1]  # the three months before this one
    volunteers = [users["13900000011"], users["13900000012"]]
    station_of = {s.region_code: s for s in stations.values()}
    for i, (y, m) in enumerate(past):
        for county, (lat, lng) in (("610124", (34.1630, 108.2190)), ("610629", (35.7620, 109.4320)),
                                   ("610722", (33.1530, 107.3290))):
            for k, kind in enumerate(("lecture", "clinic", "training", "lecture")[: 2 + (i + len(county)) % 3]):
                start = datetime(y, m, 5 + 6 * k, 9, tzinfo=LOCAL_TZ)
                event = Event(kind=EventKind(kind), title=f"{y}年{m}月{['科普巡讲', '义诊', '技术培训'][k % 3]}",
                              starts_at=start, ends_at=start + timedelta(hours=3), venue_name="乡镇文化站",
                              region_code=county, lat=lat, lng=lng, status=EventStatus.completed, resident_seats=60,
                              created_by_id=province.id, published_at=start - timedelta(days=7))
                db.session.add(event)
                db.session.flush()
                for volunteer in volunteers[: 1 + k % 2]:
                    db.session.add(ServiceRecord(event_id=event.id, user_id=volunteer.id, served_at=start,
                                                 checked_in_at=start, computed_minutes=180, minutes=180,
                                                 status=HoursStatus.verified, verified_by_id=province.id,
                                                 verified_at=start + timedelta(days=1)))
            station = station_of[county]
            for k in range(3 + i):
                db.session.add(FieldLog(
                    uuid=uuid.uuid4(), station_id=station.id, kind=FieldLogKind.training,
                    occurred_at=datetime(y, m, 3 + 6 * k, 14, tzinfo=LOCAL_TZ), lat=station.lat, lng=station.lng,
                    topic="田间技术指导", people_served=25 + 5 * k, content_hash="0" * 64))
    db.session.flush()
    county_admin, city_admin = users["13900000003"], users["13900000002"]
    for i, ym in enumerate(past):
        report = reports.get_or_new("610124", ym)
        reports.write(report, {"progress": f"{ym[1]}月开展科普巡讲、义诊和技术培训，服务群众数百人次。",
                               "problems": "山区村组分散，交通不便。",
                               "cases": [{"title": "猕猴桃冬季修剪现场培训",
                                          "text": "专家在田间示范修剪，农户现场练习。"}]})
        reports.act(report, "submit", county_admin, now)
        if i < 2:
            reports.act(report, "approve", city_admin, now)
        if i == 0:
            reports.act(report, "accept", province, now)
    figures.refresh(now.astimezone(LOCAL_TZ), months_back(now, 13))
