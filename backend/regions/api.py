"""HTTP API of the regions domain (thin views: parse, load, check, act, commit, return)."""

from flask_smorest import Blueprint

blp = Blueprint("regions", __name__, description="regions")
