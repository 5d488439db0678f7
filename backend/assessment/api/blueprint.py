"""The assessment package's one blueprint (multipart uploads as the field-log photos take them)."""

from backend.stations.fieldlogs.api import FieldLogBlueprint

blp = FieldLogBlueprint("assessment", __name__, description="Assessment: pilots, indicators against targets, "
                        "campaign quotas, monthly reports, dashboards, year end, feedback, exports")


def binary(content_type: str, description: str) -> dict:
    return {"200": {"description": description,
                    "content": {content_type: {"schema": {"type": "string", "format": "binary"}}}}}
