"""HTTP API of the events domain (thin views: parse, load, check, act, commit, return)."""

from flask_smorest import Blueprint

blp = Blueprint("events", __name__, description="events")
