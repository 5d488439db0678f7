"""The fixed set of indicators (指标), each with its code, names, unit, direction and how it is computed.

Every figure is a numerator and a denominator per county and month (a count has no denominator).
Roll-ups over counties (city, province, zone) and over months add both, never averages of rates;
except over months for a distinct count (`additive=False`: active volunteers, active teams), whose
year-to-date figure is the number of distinct volunteers or teams over the months, per county.
Only verified data counts: completed events (never cancelled ones), resident check-ins at them, field
logs that passed the plausibility checks or were accepted by a reviewer, verified service hours.
Months are calendar months in Asia/Shanghai.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    unit: str
    #: "up": more is better (every indicator here)
    direction: str
    #: "count" (num), "rate" (num / den as a percentage) or "mean" (num / den)
    kind: str
    #: a count accumulates through the year (its target is spread over milestones); a rate or mean does not
    cumulative: bool
    computed: str
    #: value = num / scale for counts (minutes → hours)
    scale: int = 1
    #: a period's figure is the sum of its months (False: a distinct count, recounted over the period, since
    #: the same volunteer or team active in several months counts once; figures.year_to_date)
    additive: bool = True

    def value(self, num, den):
        if self.kind == "count":
            return round(num / self.scale, 2) if self.scale != 1 else num
        if not den:
            return None
        return round(100 * num / den, 1) if self.kind == "rate" else round(num / den, 2)


EVENT_KINDS = {"lecture": "科普巡讲", "clinic": "医疗义诊", "emergency_drill": "应急科普", "training": "科技培训",
               "extension": "农技推广", "expert_visit": "院士专家企业行"}

_EVENTS = [
    Indicator(f"events_{kind}", f"{name}场次", f"{kind.replace('_', ' ')} events held", "场", "up", "count", True,
              f"已完成（非取消）的{name}活动场数，按活动开始时间所在月份计入活动所在县。")
    for kind, name in EVENT_KINDS.items()
]

INDICATORS: list[Indicator] = [
    *_EVENTS,
    Indicator("events_total", "活动总场次", "events held", "场", "up", "count", True,
              "已完成（非取消）的各类活动场数之和。"),
    Indicator("residents_reached", "服务群众人次", "residents reached", "人次", "up", "count", True,
              "已完成活动中群众签到人次（凭座位签到），加上计入统计的站点活动记录中的服务人数。"),
    Indicator("volunteer_hours", "志愿服务时长", "verified volunteer hours", "小时", "up", "count", True,
              "已核实的志愿服务时长（分钟数之和 ÷ 60），按活动所在县和开始月份计。", scale=60),
    Indicator("volunteers_active", "有效服务志愿者", "volunteers with verified hours", "人", "up", "count", True,
              "当月在该县有已核实时长的不同志愿者人数；全年（截至当月）为年内在该县有已核实时长的不同志愿者人数，"
              "同一人多月服务只计一次；市、省为所辖各县人数相加（同一人在两个县服务，在两县各计一次）。",
              additive=False),
    Indicator("fieldlogs_accepted", "有效活动记录", "accepted field logs", "条", "up", "count", True,
              "站点活动记录中未被标记存疑、或存疑但经审核通过的条数，按站点所在县计。"),
    Indicator("fieldlogs_plausible", "记录合规率", "field logs passing the plausibility checks", "%", "up", "rate",
              False, "分子：未被标记存疑的记录数；分母：该县全部活动记录数。"),
    Indicator("teams_active", "活跃服务队", "active teams", "支", "up", "count", True,
              "当月至少有一名队员获得已核实服务时长的本县服务队数；全年（截至当月）为年内有过此类服务的不同服务队数，"
              "同一队多月活跃只计一次；市、省为所辖各县队数相加。", additive=False),
    Indicator("needs_accepted", "受理需求数", "needs accepted", "项", "up", "count", True,
              "需求库中当月受理的需求数（来自需求服务）。"),
    Indicator("needs_matched_on_time", "需求按时对接率", "needs matched on time", "%", "up", "rate", False,
              "分子：在时限内完成对接的需求；分母：应完成对接的需求（来自需求服务）。"),
    Indicator("needs_resolved", "办结需求数", "needs resolved", "项", "up", "count", True,
              "当月办结的需求数（来自需求服务）。"),
    Indicator("needs_confirmed_solved", "确认解决需求数", "needs confirmed solved", "项", "up", "count", True,
              "提出人确认已解决的需求数（来自需求服务）。"),
    Indicator("satisfaction", "群众满意度", "resident satisfaction", "分", "up", "mean", False,
              "活动后群众和志愿者的评价（1–5 分）：分子为评分之和，分母为评价份数。"),
    Indicator("quota_completion", "活动任务完成率", "campaign quota completion", "%", "up", "rate", False,
              "按活动月份结束月计：分子为各项配额已完成场数（每项不超过配额）之和，分母为配额之和。"),
    Indicator("report_completeness", "月报完整率", "monthly reports submitted", "%", "up", "rate", False,
              "试点县每个已结束月份应报一份月报：分子为已提交的月报数，分母为应报数。"),
    Indicator("report_timeliness", "月报及时率", "monthly reports on time", "%", "up", "rate", False,
              "分子：在月末后规定天数内首次提交的月报数；分母：应报数。"),
]

BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
CODES: list[str] = [i.code for i in INDICATORS]
#: distinct counts: their year (to date) figure is recounted over the period, not the sum of the months
NON_ADDITIVE: tuple[str, ...] = tuple(i.code for i in INDICATORS if not i.additive)
NEEDS_CODES = ("needs_accepted", "needs_matched_on_time", "needs_resolved", "needs_confirmed_solved")
