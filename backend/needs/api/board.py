"""HTTP API of the public board, a need's suggestions, the survey import and the admins' xlsx export."""

import io

from flask import send_file
from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from backend import policy
from backend.core.errors import DomainError
from backend.core.pagination import SelectPage
from backend.core.uploads import UploadBlueprint, binary_response
from backend.extensions import db
from backend.needs.match_schemas import (
    BoardNeedOut,
    BoardQuery,
    ExportQuery,
    SuggestionOut,
    SurveyIn,
    SurveyOut,
)
from backend.needs.models import NeedStatus
from backend.needs.service import board, matching, queries, survey
from backend.needs.service.common import get_need
from backend.policy import admin_region_codes
from backend.regions.models import RegionLevel
from backend.regions.service import get_region

blp = UploadBlueprint("needs_board", __name__,
                     description="The needs board in public, suggestions for a need, the survey import, the export")


@blp.route("/needs/board")
class Board(MethodView):
    @blp.arguments(BoardQuery, location="query")
    @blp.response(200, BoardNeedOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """The public board: accepted needs their askers let be shown, newest first; township-level place
        only (the township's point), never the asker."""
        status = NeedStatus(args["status"]) if args.get("status") else None
        stmt = board.board_query(args.get("region_code"), args.get("kind"),
                                 args["field"].value if args.get("field") else None, status)
        return board.BoardList(stmt)


@blp.route("/needs/<int:need_id>/suggestions")
class Suggestions(MethodView):
    @login_required
    @blp.response(200, SuggestionOut(many=True))
    def get(self, need_id):
        """Ranked providers for a need (its handling admins): teams, stations, volunteers and offers, each
        with the reasons of its rank (not paged: the best 20)."""
        need = get_need(need_id)
        policy.require(current_user, "need.assign", need)
        return matching.suggest(matching.NeedProfile.of(need))


@blp.route("/needs/survey-template.xlsx")
class SurveyTemplate(MethodView):
    @blp.doc(responses=binary_response(survey.XLSX_TYPE, "the survey template (Chinese headers)"))
    def get(self):
        """The needs survey template (需求摸底调研): one row a need."""
        return send_file(io.BytesIO(survey.template()), mimetype=survey.XLSX_TYPE, as_attachment=True,
                         download_name="needs-survey-template.xlsx")


@blp.route("/needs/survey")
class Survey(MethodView):
    @login_required
    @blp.arguments(SurveyIn, location="multipart")
    @blp.response(200, SurveyOut)
    def post(self, form):
        """Import a filled survey of a county (its admins): each row an accepted need, or answered per row;
        importing the same file twice creates nothing new."""
        county = get_region(form["region_code"])
        if county.level != RegionLevel.county:
            raise DomainError(422, "not_a_county", _county_message(), {"region_code": [_county_message()]})
        policy.require(current_user, "need.list", county.code)
        results = survey.import_survey(county, form["file"].read(), current_user)
        db.session.commit()
        counts = {kind: sum(r.result == kind for r in results) for kind in ("created", "already_imported", "invalid")}
        return {**counts, "rows": results}


def _county_message():
    return _l("Choose a county.")


@blp.route("/needs.xlsx")
class NeedsExport(MethodView):
    @login_required
    @blp.arguments(ExportQuery, location="query")
    @blp.doc(responses=binary_response(survey.XLSX_TYPE, "an Excel workbook of the needs"))
    def get(self, args):
        """The needs of an area as an Excel workbook (GET /needs' filters; association admins of the area)."""
        region_code = args.pop("region_code", None)
        prefixes = [region_code] if region_code else admin_region_codes(current_user)
        policy.require(current_user, "need.list", prefixes[0] if prefixes else None)
        stmt = queries.area_query(prefixes, **args)
        return send_file(io.BytesIO(board.export_xlsx(stmt)), mimetype=survey.XLSX_TYPE, as_attachment=True,
                         download_name="needs.xlsx")
