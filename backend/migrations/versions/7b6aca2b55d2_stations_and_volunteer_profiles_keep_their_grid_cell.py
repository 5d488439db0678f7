"""stations and volunteer profiles keep the grid cell of their point

The nearby search of events (core.nearby) serves stations and the admins' volunteer search too: each
table gets the indexed `cell` of its point, null where it has none, filled in here for existing rows
with the same function the models use.

Revision ID: 7b6aca2b55d2
Revises: 33acd61f85c0
Create Date: 2026-11-30 06:20:43.870148

"""
import sqlalchemy as sa
from alembic import op

from backend.core.nearby import grid_cell

#: table → the columns of its point
POINTS = {'stations': ('lat', 'lng'), 'volunteer_profiles': ('home_lat', 'home_lng')}

# revision identifiers, used by Alembic.
revision = '7b6aca2b55d2'
down_revision = '33acd61f85c0'
branch_labels = None
depends_on = None


def _fill_cells(name: str, lat: str, lng: str) -> None:
    table = sa.table(name, sa.column('id'), sa.column(lat), sa.column(lng), sa.column('cell'))
    bind = op.get_bind()
    rows = bind.execute(sa.select(table.c.id, table.c[lat], table.c[lng]).where(
        table.c[lat].isnot(None), table.c[lng].isnot(None))).all()
    if rows:
        bind.execute(table.update().where(table.c.id == sa.bindparam('row_id')).values(cell=sa.bindparam('row_cell')),
                     [{'row_id': row[0], 'row_cell': grid_cell(row[1], row[2])} for row in rows])


def upgrade():
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cell', sa.Integer(), nullable=True))
        batch_op.create_index('ix_stations_status_cell', ['status', 'cell', 'lat', 'lng'], unique=False)

    with op.batch_alter_table('volunteer_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cell', sa.Integer(), nullable=True))
        batch_op.create_index('ix_volunteer_profiles_cell', ['cell'], unique=False)

    for name, (lat, lng) in POINTS.items():
        _fill_cells(name, lat, lng)


def downgrade():
    with op.batch_alter_table('volunteer_profiles', schema=None) as batch_op:
        batch_op.drop_index('ix_volunteer_profiles_cell')
        batch_op.drop_column('cell')

    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.drop_index('ix_stations_status_cell')
        batch_op.drop_column('cell')
