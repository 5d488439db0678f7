"""The assessment package's one blueprint (its monthly reports take photo uploads: core.uploads)."""

from backend.core.uploads import UploadBlueprint

blp = UploadBlueprint("assessment", __name__, description="Assessment: pilots, indicators against targets, "
                      "campaign quotas, monthly reports, dashboards, year end, feedback, exports")
