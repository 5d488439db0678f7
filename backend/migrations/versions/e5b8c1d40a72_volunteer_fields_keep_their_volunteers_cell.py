"""volunteer fields keep their volunteer's grid cell, kept true by a cascading foreign key

The needs' suggestions look for the volunteers of one field near a point: with the cell on each field row
and an index on (field, cell), the index gives them at once, where the profiles' cells gave every volunteer
of the circle, whose fields were then read one by one. The copy is filled here from the profiles; a foreign
key from (profile_id, cell) to the profile's (id, cell), unique, cascades every later move of a home point.

Revision ID: e5b8c1d40a72
Revises: d7e2a91c5b30
Create Date: 2026-11-30 21:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e5b8c1d40a72'
down_revision = 'd7e2a91c5b30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('volunteer_profiles', schema=None) as batch_op:
        batch_op.create_index('ix_volunteer_profiles_id_cell', ['id', 'cell'], unique=True)

    with op.batch_alter_table('volunteer_fields', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cell', sa.Integer(), nullable=True))

    fields = sa.table('volunteer_fields', sa.column('profile_id'), sa.column('cell'))
    profiles = sa.table('volunteer_profiles', sa.column('id'), sa.column('cell'))
    op.get_bind().execute(fields.update().values(cell=sa.select(profiles.c.cell).where(
        profiles.c.id == fields.c.profile_id).scalar_subquery()))

    with op.batch_alter_table('volunteer_fields', schema=None) as batch_op:
        batch_op.drop_index('ix_volunteer_fields_field')
        batch_op.create_index('ix_volunteer_fields_field_cell', ['field', 'cell'], unique=False)
        batch_op.create_foreign_key('fk_volunteer_fields_profile_cell', 'volunteer_profiles', ['profile_id', 'cell'],
                                    ['id', 'cell'], onupdate='CASCADE', ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('volunteer_fields', schema=None) as batch_op:
        batch_op.drop_constraint('fk_volunteer_fields_profile_cell', type_='foreignkey')
        batch_op.drop_index('ix_volunteer_fields_field_cell')
        batch_op.create_index('ix_volunteer_fields_field', ['field'], unique=False)
        batch_op.drop_column('cell')

    with op.batch_alter_table('volunteer_profiles', schema=None) as batch_op:
        batch_op.drop_index('ix_volunteer_profiles_id_cell')
