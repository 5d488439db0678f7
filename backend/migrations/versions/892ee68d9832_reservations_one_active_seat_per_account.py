"""reservations: one active seat per account, not per phone

A booking without login no longer tells whether a phone holds a seat, so a phone may hold several;
an account holds one confirmed seat per event. Where an account already held two, the later ones
are unlinked (they stay booked, given back with their cancel codes).

Revision ID: 892ee68d9832
Revises: a7869c4a1be0
Create Date: 2026-11-30 06:02:13.902438

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '892ee68d9832'
down_revision = 'a7869c4a1be0'
branch_labels = None
depends_on = None

ACTIVE = sa.text("status = 'confirmed'")


def upgrade():
    op.execute(
        "UPDATE reservations SET user_id = NULL WHERE status = 'confirmed' AND user_id IS NOT NULL AND EXISTS ("
        " SELECT 1 FROM reservations AS earlier WHERE earlier.event_id = reservations.event_id"
        " AND earlier.user_id = reservations.user_id AND earlier.status = 'confirmed'"
        " AND earlier.id < reservations.id)"
    )
    with op.batch_alter_table('reservations', schema=None) as batch_op:
        batch_op.drop_index('uq_reservations_event_id_phone_active', sqlite_where=ACTIVE, postgresql_where=ACTIVE)
        batch_op.create_index('uq_reservations_event_id_user_id_active', ['event_id', 'user_id'], unique=True,
                              sqlite_where=ACTIVE, postgresql_where=ACTIVE)


def downgrade():
    # Fails if a phone holds two confirmed seats at one event: give one back first.
    with op.batch_alter_table('reservations', schema=None) as batch_op:
        batch_op.drop_index('uq_reservations_event_id_user_id_active', sqlite_where=ACTIVE, postgresql_where=ACTIVE)
        batch_op.create_index('uq_reservations_event_id_phone_active', ['event_id', 'phone'], unique=True,
                              sqlite_where=ACTIVE, postgresql_where=ACTIVE)
