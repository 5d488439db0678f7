"""Campaigns: themed date windows that events belong to."""

from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.core.db import get_or_404
from backend.core.pagination import SelectPage
from backend.events import service
from backend.events.api.blueprint import blp
from backend.events.models import Campaign
from backend.events.schemas import CampaignIn, CampaignOut, CampaignPatchIn, CampaignQuery
from backend.extensions import db


@blp.route("/campaigns")
class Campaigns(MethodView):
    @blp.arguments(CampaignQuery, location="query")
    @blp.response(200, CampaignOut(many=True))
    @blp.paginate(SelectPage, max_page_size=100)
    def get(self, args):
        """Campaigns, newest first; `region_code` covers its subtree (and the regions above, with `include_above`)."""
        return service.campaigns_query(args.get("region_code"), args["include_above"])

    @login_required
    @blp.arguments(CampaignIn)
    @blp.response(201, CampaignOut)
    def post(self, data):
        """Create a campaign (association admin of its region)."""
        policy.require(current_user, "campaign.create", data["region_code"])
        campaign = service.create_campaign(current_user, data)
        db.session.commit()
        return campaign


@blp.route("/campaigns/<int:campaign_id>")
class CampaignDetail(MethodView):
    @blp.response(200, CampaignOut)
    def get(self, campaign_id):
        """One campaign."""
        return get_or_404(Campaign, campaign_id)

    @login_required
    @blp.arguments(CampaignPatchIn)
    @blp.response(200, CampaignOut)
    def patch(self, data, campaign_id):
        """Change a campaign's name, theme or dates; its events must still fit."""
        campaign = get_or_404(Campaign, campaign_id)
        policy.require(current_user, "campaign.edit", campaign)
        service.update_campaign(current_user, campaign, data)
        db.session.commit()
        return campaign
