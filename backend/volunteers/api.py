"""HTTP API of the volunteers domain (thin views: parse, load, check, act, commit, return)."""

from flask_smorest import Blueprint

blp = Blueprint("volunteers", __name__, description="volunteers")
