"""Dashboards, drill-down, the refresh of the monthly figures, year end and exports."""

import io

from flask import Response, send_file
from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.assessment.api.blueprint import blp
from backend.assessment.schemas import (
    CountyYearQuery,
    Document,
    LeagueQuery,
    MonthsQuery,
    RecordsQuery,
    RefreshIn,
    RefreshOut,
    Rows,
    YearQuery,
)
from backend.assessment.service import dashboards, exports, figures, quotas, records, reports, yearend
from backend.assessment.service.periods import label, month_range, months_back, months_of_year, parse_label
from backend.core.db import utcnow
from backend.core.pagination import SelectPage
from backend.core.uploads import binary_response
from backend.extensions import db
from backend.regions import service as regions

FIGURE = ("Each figure is {num, den, value} (den null for a count; value = num ÷ den for a rate in %, or a mean); "
          "with a target also {target, expected (by today), ratio, status: on_track | at_risk | behind}.")


def _read(code: str) -> None:
    regions.get_region(code)
    policy.require(current_user, "assessment.read", code)


@blp.route("/assessment/dashboard")
class Dashboard(MethodView):
    @login_required
    @blp.arguments(YearQuery, location="query")
    @blp.response(200, Document)
    def get(self, args):
        """Counties under `region_code` side by side: {region_code, year, months: [YYYY-MM × 12], indicators:
        [codes], refreshed_at, counties: [{region_code, name, city_code, city_name, zone, zone_name, is_pilot,
        year: {code: figure vs target}, months: {code: {num: [12 numbers], den: [12 numbers] or null for a
        count}}}], total: {code: figure}}. """
        _read(args["region_code"])
        return dashboards.side_by_side(args["region_code"], args["year"], utcnow(), args["pilots_only"])


Dashboard.get.__doc__ += FIGURE


@blp.route("/assessment/league")
class League(MethodView):
    @login_required
    @blp.arguments(LeagueQuery, location="query")
    @blp.response(200, Document)
    def get(self, args):
        """The league table of pilot counties: as the dashboard without months, each county with score (0–100,
        weighted), rank, proposed_award (以奖代补) and statuses {on_track, at_risk, behind} counts; weights."""
        _read(args["region_code"])
        return dashboards.league(args["region_code"], args["year"], utcnow(), args["awards"])


@blp.route("/assessment/trends")
class Trends(MethodView):
    @login_required
    @blp.arguments(MonthsQuery, location="query")
    @blp.response(200, Document)
    def get(self, args):
        """The region's total of every indicator by month: {region_code, months, series: {code: [figure]}}."""
        _read(args["region_code"])
        months = month_range(parse_label(args["from_"]), parse_label(args["to"]))
        return dashboards.trends(args["region_code"], months)


@blp.route("/assessment/zones")
class Zones(MethodView):
    @login_required
    @blp.arguments(YearQuery, location="query")
    @blp.response(200, Document)
    def get(self, args):
        """The year so far by zone: {zones: [{zone, zone_name, counties, figures: {code: figure}}]}."""
        _read(args["region_code"])
        return dashboards.by_zone(args["region_code"], args["year"], utcnow(), args["pilots_only"])


@blp.route("/assessment/records")
class Records(MethodView):
    @login_required
    @blp.arguments(RecordsQuery, location="query")
    @blp.response(200, Rows(many=True))
    @blp.paginate(SelectPage, max_page_size=200)
    def get(self, args):
        """The records behind a figure of `indicator` under `region_code` from `from` to `to`: events
        (event_id, title, kind, starts_at, region_code), resident check-ins (checkin_id, at + event), verified
        hours (record_id, minutes, served_at, volunteer + event), field logs (log_id, uuid, kind, topic,
        occurred_at, people_served, review_status, station, region_code), teams (team_id, name, minutes),
        feedback (feedback_id, rating, still_needed + event), needs (need_id, title, township_code, township,
        region_code, status, closed_as, created_at, at: when it counted; on_time for needs matched on time).
        Never a phone, a respondent or a need's asker."""
        _read(args["region_code"])
        months = month_range(parse_label(args["from_"]), parse_label(args["to"]))
        return records.records(args["indicator"], args["region_code"], months)


@blp.route("/assessment/refresh")
class Refresh(MethodView):
    @login_required
    @blp.arguments(RefreshIn)
    @blp.response(200, RefreshOut)
    def post(self, data):
        """Recompute the monthly figures of the last `months` months now (province; the job does it nightly)."""
        policy.require(current_user, "assessment.manage")
        now = utcnow()
        months = months_back(now, data["months"])
        rows = figures.refresh(now, months)
        db.session.commit()
        return {"rows": rows, "months": [label(m) for m in months]}


@blp.route("/assessment/counties/<string:code>")
class CountyPage(MethodView):
    @login_required
    @blp.arguments(CountyYearQuery, location="query")
    @blp.response(200, Document)
    def get(self, args, code):
        """One county against its targets and quotas: {county (as in the dashboard, with months), quotas:
        [{campaign_id, name, starts_on, ends_on, lines, num, den, completion}], reports: [{month, status, id}]}."""
        _read(code)
        year = args["year"]
        now = utcnow()
        board = dashboards.side_by_side(code, year, now)
        campaigns = quotas.campaigns_of_year(year)
        quota_rows = []
        for campaign in campaigns:
            row = next(iter(quotas.progress(campaign, code)), None)
            if row and row["lines"]:
                quota_rows.append({"campaign_id": campaign.id, "name": campaign.name,
                                   "starts_on": campaign.starts_on.isoformat(),
                                   "ends_on": campaign.ends_on.isoformat(), **row})
        report_rows = []
        for ym in months_of_year(year):
            found = reports.find(code, ym)
            report_rows.append({"month": label(ym), "id": found.id if found else None,
                                "status": found.status.value if found else None})
        return {"county": board["counties"][0] if board["counties"] else None, "months": board["months"],
                "refreshed_at": board["refreshed_at"], "quotas": quota_rows, "reports": report_rows}


@blp.route("/assessment/year-end")
class YearEnd(MethodView):
    @login_required
    @blp.arguments(LeagueQuery, location="query")
    @blp.response(200, Document)
    def get(self, args):
        """Year end: {league (as /assessment/league), volunteers: [{user_id, name, hours, events}], teams:
        [{team_id, name, region_code, hours, volunteers}], cases: [{region_code, month, title, text, photos}]}."""
        _read(args["region_code"])
        scope, year = args["region_code"], args["year"]
        return {"league": dashboards.league(scope, year, utcnow(), args["awards"]),
                "volunteers": yearend.outstanding_volunteers(scope, year),
                "teams": yearend.outstanding_teams(scope, year), "cases": reports.cases_of(scope, year)}


@blp.route("/assessment/export.xlsx")
class ExportXlsx(MethodView):
    @login_required
    @blp.arguments(YearQuery, location="query")
    @blp.doc(responses=binary_response(exports.XLSX_TYPE,
                                       "an Excel workbook: 汇总, a sheet per indicator, a sheet per county"))
    def get(self, args):
        """The year's figures as an Excel workbook with Chinese headers."""
        _read(args["region_code"])
        data = exports.xlsx(args["region_code"], args["year"], utcnow())
        return send_file(io.BytesIO(data), mimetype=exports.XLSX_TYPE, as_attachment=True,
                         download_name=f"assessment-{args['region_code']}-{args['year']}.xlsx")


@blp.route("/assessment/export.csv")
class ExportSdmx(MethodView):
    @login_required
    @blp.arguments(YearQuery, location="query")
    @blp.doc(responses=binary_response("text/csv",
                                       "SDMX-CSV: DATAFLOW, FREQ, REF_AREA, TIME_PERIOD, INDICATOR, OBS_VALUE, "
                                       "OBS_STATUS (A accepted, P provisional)"))
    def get(self, args):
        """The year's monthly figures as SDMX-CSV for the statistics office."""
        _read(args["region_code"])
        text = exports.sdmx_csv(args["region_code"], args["year"], utcnow())
        return Response(text, mimetype="text/csv", headers={
            "Content-Disposition": f"attachment; filename=assessment-{args['region_code']}-{args['year']}.csv"})
