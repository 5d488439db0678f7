"""HTTP API of offers (成果库): the public catalogue; owners publish and edit their offers."""

from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.core.pagination import Blueprint, SelectPage
from backend.extensions import db
from backend.needs.match_schemas import OfferIn, OfferOut, OfferPatch, OfferQuery
from backend.needs.service import offers as service

blp = Blueprint("offers", __name__, description="Offers (成果库): what teams, stations and experts can do")


def _named(offers):
    names = service.owner_names(offers)
    for offer in offers:
        offer.owner_name = names.get((offer.owner_type, offer.owner_id), "")
    return offers


class _NamedPage(SelectPage):
    @property
    def items(self):
        return _named(super().items)


@blp.route("/offers")
class Offers(MethodView):
    @blp.arguments(OfferQuery, location="query")
    @blp.response(200, OfferOut(many=True))
    @blp.paginate(_NamedPage, max_page_size=100)
    def get(self, args):
        """The public catalogue of published offers, newest first; search by words, field and region served."""
        return service.catalogue_query(args.get("q"), args.get("field"), args.get("region_code"))

    @login_required
    @blp.arguments(OfferIn)
    @blp.response(201, OfferOut)
    def post(self, data):
        """Publish an offer for a team one leads, a station one heads or one's own volunteer profile
        (or, as an admin, for an owner in one's region)."""
        service.owner_of(data["owner_type"], data["owner_id"])
        policy.require(current_user, "offer.create", (data["owner_type"].value, data["owner_id"]))
        offer = service.create(data, current_user)
        db.session.commit()
        return _named([offer])[0]


@blp.route("/offers/<int:offer_id>")
class OfferItem(MethodView):
    @blp.response(200, OfferOut)
    def get(self, offer_id):
        """One offer (a withdrawn one only to who may edit it)."""
        offer = service.get_offer(offer_id)
        if not policy.can(current_user, "offer.read", offer):
            raise service.not_found()
        return _named([offer])[0]

    @login_required
    @blp.arguments(OfferPatch)
    @blp.response(200, OfferOut)
    def patch(self, data, offer_id):
        """Edit, withdraw (`status: withdrawn`) or republish an offer."""
        offer = service.get_offer(offer_id)
        policy.require(current_user, "offer.edit", offer)
        service.update(offer, data, current_user)
        db.session.commit()
        return _named([offer])[0]
