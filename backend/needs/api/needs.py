"""Needs: raising, similar ones, following, lists, a need's page, triage, serving, answers, figures."""

from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.core.pagination import SelectPage
from backend.core.uploads import binary_response
from backend.events.schemas import EventOut
from backend.extensions import db
from backend.needs.api.blueprint import blp, viewable_need
from backend.needs.schemas import (
    AnswerIn,
    DuplicateIn,
    FigureOut,
    FiguresQuery,
    NeedDetailOut,
    NeedEventIn,
    NeedIn,
    NeedOut,
    NeedPhotoIn,
    NeedPhotoOut,
    NeedQuery,
    NoteIn,
    ReasonIn,
    ReferIn,
    ResolveIn,
    ServiceIn,
    SimilarQuery,
    StepOut,
    TextIn,
)
from backend.needs.service import answers, figures, photos, queries, raising, serving, triage
from backend.needs.service.common import get_need
from backend.policy import admin_region_codes
from backend.regions.service import get_region


@blp.route("/needs")
class Needs(MethodView):
    @login_required
    @blp.arguments(NeedQuery, location="query")
    @blp.response(200, NeedOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """The needs of an area, newest first (association admins of the area; default: all of theirs)."""
        region_code = args.pop("region_code", None)
        if region_code:
            policy.require(current_user, "need.list", region_code)
            prefixes = [region_code]
        else:
            prefixes = admin_region_codes(current_user)
            policy.require(current_user, "need.list", prefixes[0] if prefixes else None)
        return queries.area_query(prefixes, **args)

    @login_required
    @blp.arguments(NeedIn)
    @blp.response(201, NeedDetailOut)
    @blp.alt_response(200, schema=NeedDetailOut, description="the same need, sent again (same client_uuid)")
    def post(self, data):
        """Raise a need (anyone logged in). Idempotent by client_uuid; routed to its township's county."""
        need, created = raising.raise_need(current_user, data)
        db.session.commit()
        return need, 201 if created else 200


@blp.route("/needs/photos")
class NeedPhotos(MethodView):
    @login_required
    @blp.arguments(NeedPhotoIn, location="multipart")
    @blp.response(201, NeedPhotoOut)
    def post(self, form):
        """Upload one photo of a need (multipart `file`), before or after the need itself; at most 6 a need."""
        need = photos.need_of(form["need_uuid"])
        policy.require(current_user, "need.add_photo", need)
        photo = photos.upload(need, form["need_uuid"], form["photo_uuid"], form["file"].read(), current_user)
        db.session.commit()
        return photo


@blp.route("/needs/photos/<uuid:photo_uuid>")
class NeedPhotoItem(MethodView):
    @login_required
    @blp.doc(responses=binary_response("image/jpeg", "the photo"))
    def get(self, photo_uuid):
        """The re-encoded photo (JPEG, no EXIF): for whoever may see its need (its uploader until it arrives)."""
        photo = photos.get_photo(photo_uuid)
        policy.require(current_user, "need.read_photo", photo)
        return photos.send(photo)


@blp.route("/needs/similar")
class SimilarNeeds(MethodView):
    @login_required
    @blp.arguments(SimilarQuery, location="query")
    @blp.response(200, NeedOut(many=True))
    @blp.paginate(SelectPage, max_page_size=50)
    def get(self, args):
        """Open public needs of the same township (and field): "是否已有人提过？"."""
        return raising.similar_query(args["township_code"], args.get("field"))


@blp.route("/me/needs")
class MyNeeds(MethodView):
    @login_required
    @blp.response(200, NeedOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self):
        """The needs I raised or follow, newest first."""
        return queries.mine_query(current_user.id)


@blp.route("/needs/<int:need_id>")
class NeedDetail(MethodView):
    @login_required
    @blp.response(200, NeedDetailOut)
    def get(self, need_id):
        """A need's page: timeline, assignments, services, answer, clocks and what I may do (`can`)."""
        return viewable_need(need_id)


@blp.route("/needs/<int:need_id>/follow")
class Follow(MethodView):
    @login_required
    @blp.response(200, NeedDetailOut)
    def post(self, need_id):
        """Follow a need instead of raising the same again: its changes are told to me too."""
        need = viewable_need(need_id)
        if need.asker_id != current_user.id:
            policy.require(current_user, "need.view", need)
            raising.follow(need, current_user)
        db.session.commit()
        return need

    @login_required
    @blp.response(200, NeedDetailOut)
    def delete(self, need_id):
        """Stop following a need."""
        need = viewable_need(need_id)
        raising.unfollow(need, current_user)
        db.session.commit()
        return need


def _act(need_id: int, action: str, change, *args, **kwargs):
    need = get_need(need_id)
    policy.require(current_user, f"need.{action}", need)
    change(current_user, need, *args, **kwargs)
    db.session.commit()
    return get_need(need_id)


@blp.route("/needs/<int:need_id>/accept")
class Accept(MethodView):
    @login_required
    @blp.arguments(NoteIn)
    @blp.response(200, NeedDetailOut)
    def post(self, data, need_id):
        """Accept a submitted need (its handling association's admins): it goes on the board and to matching."""
        return _act(need_id, "accept", triage.accept, data["note"])


@blp.route("/needs/<int:need_id>/refuse")
class Refuse(MethodView):
    @login_required
    @blp.arguments(ReasonIn)
    @blp.response(200, NeedDetailOut)
    def post(self, data, need_id):
        """Refuse a submitted need, with the reason the asker reads."""
        return _act(need_id, "refuse", triage.refuse_need, data["reason"])


@blp.route("/needs/<int:need_id>/duplicate")
class Duplicate(MethodView):
    @login_required
    @blp.arguments(DuplicateIn)
    @blp.response(200, NeedDetailOut)
    def post(self, data, need_id):
        """Mark it a duplicate of another need (not of itself: duplicate_of_itself); its asker follows the original."""
        return _act(need_id, "duplicate", triage.mark_duplicate, data["of_id"], data["note"])


@blp.route("/needs/<int:need_id>/refer")
class Refer(MethodView):
    @login_required
    @blp.arguments(ReferIn)
    @blp.response(200, NeedDetailOut)
    def post(self, data, need_id):
        """Refer it up to the city or the province association, with the reason."""
        return _act(need_id, "refer", triage.refer, data["to"], data["reason"])


@blp.route("/needs/<int:need_id>/notes")
class Notes(MethodView):
    @login_required
    @blp.arguments(TextIn)
    @blp.response(201, StepOut)
    def post(self, data, need_id):
        """Add a status note (the handling admins, a provider serving it): the asker is told."""
        need = get_need(need_id)
        policy.require(current_user, "need.note", need)
        step = serving.add_note(current_user, need, data["text"])
        db.session.commit()
        return step


@blp.route("/needs/<int:need_id>/services")
class Services(MethodView):
    @login_required
    @blp.arguments(ServiceIn)
    @blp.response(200, NeedDetailOut)
    def post(self, data, need_id):
        """Link an event or a field log (by its UUID) that served the need (a provider serving it)."""
        return _act(need_id, "link_service", serving.link_service, data["event_id"], data["fieldlog_uuid"])


@blp.route("/needs/<int:need_id>/event")
class NeedEvent(MethodView):
    @login_required
    @blp.arguments(NeedEventIn)
    @blp.response(201, EventOut)
    def post(self, data, need_id):
        """Make a draft event from the need (a provider serving it), its contact the provider; the county publishes it.

        Title, description, place and county come from the need; the event is linked as a service. Publishing
        stays the county association's (event.publish): its admins are told a draft waits.
        """
        need = get_need(need_id)
        policy.require(current_user, "need.create_event", need)
        event = serving.create_event(current_user, need, data)
        db.session.commit()
        return event


@blp.route("/needs/<int:need_id>/resolve")
class Resolve(MethodView):
    @login_required
    @blp.arguments(ResolveIn)
    @blp.response(200, NeedDetailOut)
    def post(self, data, need_id):
        """Mark it resolved (a provider serving it, or its admins): the asker is asked whether it was solved."""
        return _act(need_id, "resolve", serving.resolve, data["note"])


@blp.route("/needs/<int:need_id>/answer")
class Answer(MethodView):
    @login_required
    @blp.arguments(AnswerIn)
    @blp.response(200, NeedDetailOut)
    def post(self, data, need_id):
        """The asker's answer: solved or partly closes it, not_solved (with a comment) reopens it.

        `still_needed` (还需要什么) raises a linked follow-up need; a rating outside 1–5 is 422 rating_out_of_range.
        """
        return _act(need_id, "answer", answers.answer, data["outcome"], data["rating"], data["comment"],
                    data["still_needed"])


@blp.route("/regions/<code>/needs-figures")
class NeedsFigures(MethodView):
    @login_required
    @blp.arguments(FiguresQuery, location="query")
    @blp.response(200, FigureOut(many=True))
    def get(self, args, code):
        """The region's needs figures per county and month (its admins).

        received, accepted, refused, duplicates, matched, resolved, closed_by_answer, confirmed_solved, not_confirmed,
        reopened;
        on time per stage as [num, den]; satisfaction as [sum, count].
        """
        region = get_region(code)
        policy.require(current_user, "need.read_figures", region.code)
        return figures.county_month_figures(region.code, args["year"], args.get("month"))
