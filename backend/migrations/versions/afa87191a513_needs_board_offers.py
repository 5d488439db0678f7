"""needs board: offers (the catalogue of what teams, stations and experts can do); volunteers' grid index carries the point

Revision ID: afa87191a513
Revises: 33316e8d1ff4
Create Date: 2026-11-30 09:00:48.221869

"""
from alembic import op
import sqlalchemy as sa

import backend.core.db


# revision identifiers, used by Alembic.
revision = 'afa87191a513'
down_revision = '33316e8d1ff4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_type', sa.Enum('team', 'station', 'volunteer', name='offer_owner'), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=128), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('industries', sa.JSON(), nullable=False),
    sa.Column('industry_text', sa.String(length=800), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('published', 'withdrawn', name='offer_status'), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_offers_created_by_id_users')),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_offers_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offers'))
    )
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.create_index('ix_offers_owner', ['owner_type', 'owner_id'], unique=False)
        batch_op.create_index('ix_offers_status_region', ['status', 'region_code'], unique=False)
    # suggestions read volunteers by the grid: the point rides along in the index (as stations' does)
    with op.batch_alter_table('volunteer_profiles', schema=None) as batch_op:
        batch_op.drop_index('ix_volunteer_profiles_cell')
        batch_op.create_index('ix_volunteer_profiles_cell_point', ['cell', 'home_lat', 'home_lng'], unique=False)



def downgrade():
    with op.batch_alter_table('volunteer_profiles', schema=None) as batch_op:
        batch_op.drop_index('ix_volunteer_profiles_cell_point')
        batch_op.create_index('ix_volunteer_profiles_cell', ['cell'], unique=False)
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index('ix_offers_status_region')
        batch_op.drop_index('ix_offers_owner')

    op.drop_table('offers')
    sa.Enum(name="offer_status").drop(op.get_bind(), checkfirst=True)
    sa.Enum(name="offer_owner").drop(op.get_bind(), checkfirst=True)
