"""Rules for stations, their field logs, photos and reports.

A station head logs for their own station; admins whose region covers the station's county manage
the station, review its flagged logs and read its figures. Admins do not write logs for a station:
what a station did is what its head reported.
"""

from flask_babel import lazy_gettext

from backend.policy import _grants, heads_station, is_admin_for, refuse, rule


def _heads_any_station(user) -> bool:
    return any(g.station_id is not None for g in _grants(user, "station_head"))


@rule("station.create")
def create_station(user, region_code) -> bool:
    """`region_code`: the county the new station is in."""
    return is_admin_for(user, region_code)


@rule("station.edit")
def edit_station(user, station) -> bool:
    return is_admin_for(user, station.region_code)


@rule("station.view_heads")
def view_heads(user, station) -> bool:
    """Who heads a station (names, phones as user.view_phone allows): the admins who appoint them."""
    return is_admin_for(user, station.region_code)


@rule("station.move")
def move_station(user, move) -> bool:
    """`move`: (station, new county code). The admin must cover the county it leaves and the one it joins."""
    station, region_code = move
    return edit_station(user, station) and create_station(user, region_code)


@rule("fieldlog.create")
def create_fieldlog(user, station) -> bool:
    return heads_station(user, station.id)


@rule("fieldlog.edit")
def edit_fieldlog(user, log) -> bool:
    return heads_station(user, log.station_id)


@rule("fieldlog.read")
def read_fieldlog(user, station) -> bool:
    """`station`: the station whose logs are read."""
    return heads_station(user, station.id) or is_admin_for(user, station.region_code)


def _own_work(user, log) -> bool:
    """The log's station is theirs, or they synced it or edited it: what they would review is their own word."""
    writers = {log.author_id, *(revision.edited_by_id for revision in log.revisions)}
    return heads_station(user, log.station_id) or user.id in writers


@rule("fieldlog.review")
def review_fieldlog(user, log) -> bool:
    """The county admin (or a city or province admin above it) of the log's station; never its head,
    nor anyone who wrote or edited the log, even when they are an admin there too."""
    if not is_admin_for(user, log.station.region_code):
        return False
    if _own_work(user, log):
        refuse("own_work_review", lazy_gettext("A log is reviewed by someone who neither heads its station "
                                               "nor wrote it: ask another admin."))
    return True


@rule("fieldlog.read_flagged")
def read_flagged(user, region_code) -> bool:
    """The review queue of a region's stations."""
    return is_admin_for(user, region_code)


@rule("fieldlog.add_photo")
def add_photo(user, log) -> bool:
    """`log`: the log the photo belongs to, or None when it has not synced yet."""
    if log is None:
        return _heads_any_station(user)
    return heads_station(user, log.station_id)


@rule("fieldlog.read_photo")
def read_photo(user, photo) -> bool:
    if photo.field_log is None:
        return photo.uploaded_by_id == user.id
    return read_fieldlog(user, photo.field_log.station)


@rule("station.read_report")
def read_station_report(user, station) -> bool:
    return read_fieldlog(user, station)


@rule("station.read_county_report")
def read_county_report(user, region_code) -> bool:
    return is_admin_for(user, region_code)
