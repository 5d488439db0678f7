"""HTTP API of the stations domain (thin views: parse, load, check, act, commit, return)."""

from flask_smorest import Blueprint

blp = Blueprint("stations", __name__, description="stations")
