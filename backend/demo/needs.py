"""Demo needs and offers (需求对接): a dozen needs in the three pilot counties, each taken as far as its
state through the needs services (raised, accepted, refused, a duplicate, assigned, served, resolved,
answered), and a few offers of the demo teams, stations and experts."""

import secrets
import uuid
from datetime import datetime, timedelta

ZHOUZHI_TEAM, ZHOUZHI_STATION = "周至县猕猴桃科技服务队", "周至县猕猴桃农业专家服务站"
LUOCHUAN_TEAM, CHENGGU_TEAM = "洛川县苹果技术经理人团队", "城固县乡村健康科技服务队"


def _need(asker, township, kind, field, industry, title, text, asker_type, org="", urgency="normal", goal="submitted",
          provider=None):
    """`goal`: how far the need is taken; `provider`: the team or station (by name) that serves it."""
    return dict(asker=asker, township=township, kind=kind, field=field, industry=industry, title=title, text=text,
                asker_type=asker_type, org=org, urgency=urgency, goal=goal, provider=provider)


NEEDS = [
    _need("ma", "610124116000", "consulting", "fruit_tea", "猕猴桃", "猕猴桃溃疡病春季防治指导",
          "村里三百多亩猕猴桃今年溃疡病多发，想请专家来田间看看，讲讲春季怎么防。", "village", "司竹镇马家村村委会",
          "urgent", "closed", ZHOUZHI_TEAM),
    _need("ma", "610124105000", "training", "fruit_tea", "猕猴桃", "猕猴桃冬季修剪技术培训",
          "合作社新社员多，希望冬季修剪前组织一次现场培训。", "cooperative", "楼观镇猕猴桃专业合作社",
          goal="in_service", provider=ZHOUZHI_TEAM),
    _need("ma", "610124101000", "consulting", "planting", "设施蔬菜", "大棚蔬菜根结线虫怎么治",
          "几个大棚的黄瓜根上长瘤，长势差，想请专家诊断。", "individual", goal="matched", provider=ZHOUZHI_STATION),
    _need("ma", "610124102000", "health", "medicine_health", "", "村里老人慢病义诊",
          "村里六十岁以上老人多，高血压糖尿病的不少，希望医生来村里义诊。", "village", "终南镇豆村村委会",
          goal="accepted"),
    _need("ma", "610124103000", "talent", "ecommerce_it", "猕猴桃", "猕猴桃电商直播带货培训",
          "想学直播卖猕猴桃，需要电商老师手把手教。", "cooperative", "马召镇果蔬专业合作社", "urgent"),
    _need("ma", "610124116000", "consulting", "fruit_tea", "猕猴桃", "猕猴桃溃疡病防治",
          "溃疡病严重，请专家指导。", "village", "司竹镇马家村村委会", goal="duplicate"),
    _need("liu", "610629101000", "extension", "fruit_tea", "苹果", "苹果矮化密植技术推广",
          "合作社计划新建两百亩矮化密植示范园，需要技术推广和建园指导。", "cooperative", "旧县镇苹果专业合作社",
          goal="resolved", provider=LUOCHUAN_TEAM),
    _need("liu", "610629102000", "consulting", "fruit_tea", "苹果", "苹果树腐烂病刮治",
          "去冬今春腐烂病发病多，想请专家讲讲刮治和涂药。", "village", "交口河镇村委会", goal="accepted"),
    _need("liu", "610629103000", "rnd", "advanced_manufacturing", "苹果", "苹果分选线改造",
          "企业想把分选线改成按糖度分级，需要研发合作。", "enterprise", "洛川县老庙果品有限公司", goal="refused"),
    _need("chen", "610722101000", "consulting", "fruit_tea", "柑橘", "柑橘冻害后怎么补救",
          "寒潮后柑橘叶片卷曲掉落，想知道怎么补救。", "individual", urgency="urgent"),
    _need("chen", "610722102000", "popularization", "medicine_health", "", "乡村健康科普讲座",
          "希望给村民讲讲防诈骗和慢病用药常识。", "village", "沙河营镇村委会",
          goal="in_service", provider=CHENGGU_TEAM),
    _need("chen", "610722103000", "training", "medicine_health", "", "村医急救技能培训",
          "村卫生室医生想学心肺复苏和外伤处理。", "department", "城固县卫生健康局",
          goal="partly", provider=CHENGGU_TEAM),
]

# asker key → (phone, display name): 马主任 is a demo login (backend/demo LOGINS); the others only own needs
ASKERS = {"ma": ("13900000021", "马家村村委会 马主任"), "liu": ("13900000022", "旧县镇苹果合作社 刘理事长"),
          "chen": ("13900000023", "城固县 陈村医")}
# the county admin (a demo login) who triages each county's needs
ADMINS = {"610124": "13900000003", "610629": "13900000004", "610722": "13900000005"}
# teams without a leader among the demo logins get one (a team's leader answers its assignments)
LEADERS = {LUOCHUAN_TEAM: ("13900000031", "赵明", "610629", ["fruit_tea"]),
           CHENGGU_TEAM: ("13900000032", "周敏", "610722", ["medicine_health"])}

OFFERS = [
    dict(owner_type="team", owner=ZHOUZHI_TEAM, title="猕猴桃溃疡病综合防控技术", fields=["fruit_tea", "planting"],
         industries=["猕猴桃", "溃疡病"], region_code="610124",
         description="春季药剂防控、冬季清园、抗病品种选择，田间诊断和培训。"),
    dict(owner_type="station", owner="洛川苹果产业院士专家工作站", title="苹果矮化自根砧密植栽培技术",
         fields=["fruit_tea"], industries=["苹果", "矮化密植"], region_code="610600",
         description="成熟的矮砧密植建园技术，可整体转化，提供建园设计和三年技术跟踪。"),
    dict(owner_type="team", owner=CHENGGU_TEAM, title="乡村慢病健康管理服务包", fields=["medicine_health"],
         industries=["慢病", "义诊"], region_code="610722",
         description="义诊、慢病随访和健康科普讲座，面向村委会和乡镇卫生院。"),
    dict(owner_type="volunteer", owner="13900000011", title="猕猴桃果园土壤改良咨询", fields=["fruit_tea"],
         industries=["猕猴桃", "土壤"], region_code="610100", description="土壤检测解读、有机肥和生草栽培方案。"),
]


def load_needs(users: dict, teams: dict, stations: dict, now: datetime) -> None:
    """`users` by phone (the demo logins), `teams` and `stations` by name. Needs are dated back a few days."""
    from backend.accounts import service as accounts
    from backend.volunteers import service as volunteers
    from backend.volunteers.schemas import ProfileIn

    province = users["13900000001"]
    for team_name, (phone, name, county, fields) in LEADERS.items():
        leader = accounts.register(phone, "Demo-" + secrets.token_urlsafe(12), f"{name}（队长）")
        profile = ProfileIn().load({"real_name": name, "fields": fields, "home_region_code": county})
        volunteers.save_profile(leader, profile)
        volunteers.set_leader(teams[team_name], leader.id, province)
    askers = {key: users.get(phone) or accounts.register(phone, "Demo-" + secrets.token_urlsafe(12), name)
              for key, (phone, name) in ASKERS.items()}
    providers = {name: ("team", team.id) for name, team in teams.items()}
    providers.update({name: ("station", station.id) for name, station in stations.items()})
    first = {}
    for i, plan in enumerate(NEEDS):
        _walk(i, plan, users[ADMINS[plan["township"][:6]]], askers[plan["asker"]], providers, first, now)
    _load_offers(users, teams, stations, province)


def _walk(i: int, plan: dict, admin, asker, providers: dict, first: dict, now: datetime) -> None:
    """Raise the need `plan` and take it as far as plan["goal"], a few hours between steps."""
    from backend.needs.models import AnswerOutcome, AskerType, NeedKind, Urgency
    from backend.needs.service import answers, assignments, raising, serving, triage

    raised_at = now - timedelta(days=12 - i)
    data = {"client_uuid": uuid.uuid5(uuid.NAMESPACE_URL, f"kechuang-demo-need-{i}"), "kind": NeedKind(plan["kind"]),
            "field": plan["field"], "industry": plan["industry"], "title": plan["title"], "description": plan["text"],
            "township_code": plan["township"], "urgency": Urgency(plan["urgency"]),
            "asker_type": AskerType(plan["asker_type"]), "org_name": plan["org"], "is_public": True}
    need, _created = raising.raise_need(asker, data, now=raised_at)
    first.setdefault((plan["township"], plan["field"]), need)
    goal, at = plan["goal"], raised_at + timedelta(hours=20)
    if goal == "submitted":
        return
    if goal == "refused":
        triage.refuse_need(admin, need, "本县暂无相关研发力量，建议联系市科协产学研对接平台。", now=at)
        return
    if goal == "duplicate":
        triage.mark_duplicate(admin, need, first[(plan["township"], plan["field"])].id, now=at)
        return
    triage.accept(admin, need, "已受理，正在为您联系专家。", now=at)
    if goal == "accepted":
        return
    kind, provider_id = providers[plan["provider"]]
    offered = assignments.assign(admin, need, kind, provider_id, "请尽快与提出人联系。", now=at + timedelta(hours=2))
    if goal == "matched":
        return
    leader = _answering_user(kind, provider_id)
    assignments.provider_accept(leader, offered, now=at + timedelta(hours=6))
    serving.add_note(leader, need, "已电话联系，约定近期到现场。", now=at + timedelta(hours=8))
    if goal == "in_service":
        return
    serving.resolve(leader, need, "已到现场指导并开展培训，问题已处理。", now=at + timedelta(days=3))
    if goal == "closed":
        answers.answer(asker, need, AnswerOutcome.solved, 5, "专家讲得清楚，病情控制住了。", now=at + timedelta(days=4))
    elif goal == "partly":
        answers.answer(asker, need, AnswerOutcome.partly, 4, "培训很好，但人数有限。", "希望再办一期，覆盖更多村医。",
                       now=at + timedelta(days=4))


def _answering_user(kind: str, provider_id: int):
    from backend.accounts.models import User
    from backend.extensions import db
    from backend.needs.models import ProviderType
    from backend.needs.service.common import provider_user_ids

    return db.session.get(User, provider_user_ids(ProviderType(kind), provider_id)[0])


def _load_offers(users: dict, teams: dict, stations: dict, actor) -> None:
    from sqlalchemy import select

    from backend.extensions import db
    from backend.needs.match_schemas import OfferIn
    from backend.needs.service import offers
    from backend.volunteers.models import VolunteerProfile

    for plan in OFFERS:
        plan = dict(plan)
        owner = plan.pop("owner")
        if plan["owner_type"] == "team":
            owner_id = teams[owner].id
        elif plan["owner_type"] == "station":
            owner_id = stations[owner].id
        else:
            owner_id = db.session.scalar(select(VolunteerProfile.id).where(VolunteerProfile.user_id == users[owner].id))
        offers.create(OfferIn().load({**plan, "owner_id": owner_id}), actor)
