"""needs remember the event whose feedback raised them

A resident's or volunteer's "还需要什么?" after an event may raise a need (source "feedback"); the need
keeps the event it came from. Existing needs keep null.

Revision ID: c3f1a9d2e7b4
Revises: 5142889c813e
Create Date: 2026-11-30 12:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c3f1a9d2e7b4'
down_revision = '5142889c813e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('from_event_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_needs_from_event_id'), ['from_event_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_needs_from_event_id_events'), 'events', ['from_event_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_needs_from_event_id_events'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_needs_from_event_id'))
        batch_op.drop_column('from_event_id')
