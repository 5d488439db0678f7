"""audit target types singular: teams, regions, checkins, ... become team, region, checkin, ...

Revision ID: 33acd61f85c0
Revises: 892ee68d9832
Create Date: 2026-11-30 06:04:01.937712

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '33acd61f85c0'
down_revision = '892ee68d9832'
branch_labels = None
depends_on = None


#: the plural names entries were written with, and the singular ones that replace them
RENAMED = {
    "checkins": "checkin",
    "regions": "region",
    "service_records": "service_record",
    "team_join_requests": "team_join_request",
    "teams": "team",
}

audit_entries = sa.table("audit_entries", sa.column("target_type", sa.String(64)))


def _rename(pairs):
    for old, new in pairs:
        op.execute(audit_entries.update().where(audit_entries.c.target_type == old).values(target_type=new))


def upgrade():
    _rename(RENAMED.items())


def downgrade():
    _rename((new, old) for old, new in RENAMED.items())
