"""distinct year-to-date figures: active volunteers and teams count once over the year

Revision ID: d7e2a91c5b30
Revises: c463637e0a47
Create Date: 2026-11-30 13:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7e2a91c5b30'
down_revision = 'c463637e0a47'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assessment_year_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('num', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_year_figures')),
    sa.UniqueConstraint('year', 'month', 'region_code', 'indicator',
                        name=op.f('uq_assessment_year_figures_year_month_region_code_indicator'))
    )
    with op.batch_alter_table('assessment_year_figures', schema=None) as batch_op:
        batch_op.create_index('ix_assessment_year_figures_region', ['region_code', 'year', 'month'], unique=False)


def downgrade():
    with op.batch_alter_table('assessment_year_figures', schema=None) as batch_op:
        batch_op.drop_index('ix_assessment_year_figures_region')

    op.drop_table('assessment_year_figures')
