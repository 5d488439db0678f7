"""HTTP API of the audit domain (thin views: parse, load, check, act, commit, return)."""

from flask_smorest import Blueprint

blp = Blueprint("audit", __name__, description="audit")
