"""Campaign quotas: the province's template (pilot / other counties) and per-county overrides; progress."""

from flask.views import MethodView
from flask_login import current_user, login_required

from backend import policy
from backend.assessment.api.blueprint import blp
from backend.assessment.schemas import QuotaCountyIn, QuotaOut, QuotaQuery, QuotaTemplateIn
from backend.assessment.service import quotas
from backend.core.db import get_or_404
from backend.events.models import Campaign
from backend.extensions import db
from backend.regions import service as regions


def _out(campaign: Campaign, scope: str) -> dict:
    return {"campaign_id": campaign.id, "template": quotas.template(campaign.id),
            "counties": quotas.progress(campaign, scope)}


@blp.route("/assessment/campaigns/<int:campaign_id>/quotas")
class Quotas(MethodView):
    @login_required
    @blp.arguments(QuotaQuery, location="query")
    @blp.response(200, QuotaOut)
    def get(self, args, campaign_id):
        """The template and each county's quota and progress under `region_code` (default the province);
        a county admin asks for its own county."""
        campaign = get_or_404(Campaign, campaign_id)
        scope = args.get("region_code") or "610000"
        policy.require(current_user, "assessment.read", scope)
        return _out(campaign, scope)

    @login_required
    @blp.arguments(QuotaTemplateIn)
    @blp.response(200, QuotaOut)
    def put(self, data, campaign_id):
        """Replace the template lines for pilot and/or other counties (province); reaches every county
        without its own lines."""
        campaign = get_or_404(Campaign, campaign_id)
        policy.require(current_user, "assessment.manage")
        quotas.set_template(campaign, data, current_user)
        db.session.commit()
        return _out(campaign, "610000")


@blp.route("/assessment/campaigns/<int:campaign_id>/quotas/<string:region_code>")
class CountyQuota(MethodView):
    @login_required
    @blp.arguments(QuotaCountyIn)
    @blp.response(200, QuotaOut)
    def put(self, data, campaign_id, region_code):
        """Give one county its own quota lines (province)."""
        campaign = get_or_404(Campaign, campaign_id)
        policy.require(current_user, "assessment.manage")
        regions.get_region(region_code)
        quotas.set_county(campaign, region_code, data["lines"], current_user)
        db.session.commit()
        return _out(campaign, region_code)

    @login_required
    @blp.response(200, QuotaOut)
    def delete(self, campaign_id, region_code):
        """The county follows the template again (province)."""
        campaign = get_or_404(Campaign, campaign_id)
        policy.require(current_user, "assessment.manage")
        regions.get_region(region_code)
        quotas.set_county(campaign, region_code, None, current_user)
        db.session.commit()
        return _out(campaign, region_code)
