"""volunteer profiles keep a home township

The profile screen asks for the township as well as the county (from the gazetteer); it is optional,
so existing profiles keep null.

Revision ID: b43644fc9d4c
Revises: 7b6aca2b55d2
Create Date: 2026-11-30 07:04:15.792473

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b43644fc9d4c'
down_revision = '7b6aca2b55d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('volunteer_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('home_township_code', sa.String(length=12), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_volunteer_profiles_home_township_code_regions'),
                                    'regions', ['home_township_code'], ['code'])


def downgrade():
    with op.batch_alter_table('volunteer_profiles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_volunteer_profiles_home_township_code_regions'), type_='foreignkey')
        batch_op.drop_column('home_township_code')
