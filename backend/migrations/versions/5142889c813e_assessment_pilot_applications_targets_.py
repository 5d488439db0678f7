"""assessment: pilot applications, targets, quotas, monthly figures and reports, feedback

Revision ID: 5142889c813e
Revises: 33316e8d1ff4
Create Date: 2026-11-30 09:07:21.451295

"""
from alembic import op
import sqlalchemy as sa

import backend.core.db


# revision identifiers, used by Alembic.
revision = '5142889c813e'
down_revision = '33316e8d1ff4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assessment_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('num', sa.BigInteger(), nullable=False),
    sa.Column('den', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_figures')),
    sa.UniqueConstraint('year', 'month', 'region_code', 'indicator', name=op.f('uq_assessment_figures_year_month_region_code_indicator'))
    )
    with op.batch_alter_table('assessment_figures', schema=None) as batch_op:
        batch_op.create_index('ix_assessment_figures_region', ['region_code', 'year', 'month'], unique=False)

    op.create_table('assessment_refreshes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('refreshed_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_refreshes')),
    sa.UniqueConstraint('year', 'month', name=op.f('uq_assessment_refreshes_year_month'))
    )
    op.create_table('assessment_weights',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_weights')),
    sa.UniqueConstraint('year', 'indicator', name=op.f('uq_assessment_weights_year_indicator'))
    )
    op.create_table('assessment_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('zone', sa.String(length=16), nullable=True),
    sa.Column('region_code', sa.String(length=12), nullable=True),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('milestone_period', sa.String(length=8), nullable=False),
    sa.Column('milestones', sa.JSON(), nullable=False),
    sa.Column('created_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_assessment_targets_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_targets')),
    sa.UniqueConstraint('year', 'indicator', 'zone', 'region_code', name=op.f('uq_assessment_targets_year_indicator_zone_region_code'))
    )
    with op.batch_alter_table('assessment_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_targets_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_targets_year'), ['year'], unique=False)

    op.create_table('monthly_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'returned', 'approved', 'accepted', name='monthly_report_status'), nullable=False),
    sa.Column('progress', sa.Text(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('cases', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('first_submitted_at', backend.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', backend.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('approved_at', backend.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('accepted_at', backend.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=True),
    sa.Column('created_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_monthly_reports_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monthly_reports')),
    sa.UniqueConstraint('region_code', 'year', 'month', name=op.f('uq_monthly_reports_region_code_year_month'))
    )
    with op.batch_alter_table('monthly_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monthly_reports_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_monthly_reports_status'), ['status'], unique=False)

    op.create_table('pilot_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('zone', sa.String(length=16), nullable=False),
    sa.Column('focus_industries', sa.JSON(), nullable=False),
    sa.Column('plan', sa.Text(), nullable=False),
    sa.Column('proposed_targets', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('submitted', 'returned', 'endorsed', 'approved', 'refused', name='pilot_application_status'), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('applicant_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', backend.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['applicant_id'], ['users.id'], name=op.f('fk_pilot_applications_applicant_id_users')),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_pilot_applications_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pilot_applications'))
    )
    with op.batch_alter_table('pilot_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pilot_applications_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_pilot_applications_status'), ['status'], unique=False)

    op.create_table('campaign_quotas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.Enum('pilot', 'other', 'county', name='quota_scope'), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=True),
    sa.Column('minimum', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_quotas_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_code'], ['regions.code'], name=op.f('fk_campaign_quotas_region_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_quotas'))
    )
    with op.batch_alter_table('campaign_quotas', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_quotas_campaign_scope', ['campaign_id', 'scope', 'region_code'], unique=False)

    op.create_table('monthly_report_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('photo_uuid', sa.Uuid(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['monthly_reports.id'], name=op.f('fk_monthly_report_photos_report_id_monthly_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_monthly_report_photos_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monthly_report_photos')),
    sa.UniqueConstraint('photo_uuid', name=op.f('uq_monthly_report_photos_photo_uuid'))
    )
    with op.batch_alter_table('monthly_report_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monthly_report_photos_report_id'), ['report_id'], unique=False)

    op.create_table('event_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('respondent_kind', sa.Enum('resident', 'volunteer', name='respondent_kind'), nullable=False),
    sa.Column('respondent_key', sa.String(length=32), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('still_needed', sa.Text(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=True),
    sa.Column('created_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_feedback_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_feedback')),
    sa.UniqueConstraint('event_id', 'respondent_key', name=op.f('uq_event_feedback_event_id_respondent_key'))
    )
    with op.batch_alter_table('event_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_feedback_event_id'), ['event_id'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    with op.batch_alter_table('event_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_feedback_event_id'))

    op.drop_table('event_feedback')
    with op.batch_alter_table('monthly_report_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monthly_report_photos_report_id'))

    op.drop_table('monthly_report_photos')
    with op.batch_alter_table('campaign_quotas', schema=None) as batch_op:
        batch_op.drop_index('ix_campaign_quotas_campaign_scope')

    op.drop_table('campaign_quotas')
    with op.batch_alter_table('pilot_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pilot_applications_status'))
        batch_op.drop_index(batch_op.f('ix_pilot_applications_region_code'))

    op.drop_table('pilot_applications')
    with op.batch_alter_table('monthly_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monthly_reports_status'))
        batch_op.drop_index(batch_op.f('ix_monthly_reports_region_code'))

    op.drop_table('monthly_reports')
    with op.batch_alter_table('assessment_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_targets_year'))
        batch_op.drop_index(batch_op.f('ix_assessment_targets_region_code'))

    op.drop_table('assessment_targets')
    op.drop_table('assessment_weights')
    op.drop_table('assessment_refreshes')
    with op.batch_alter_table('assessment_figures', schema=None) as batch_op:
        batch_op.drop_index('ix_assessment_figures_region')

    op.drop_table('assessment_figures')
    # ### end Alembic commands ###
    for name in ("respondent_kind", "quota_scope", "pilot_application_status", "monthly_report_status"):
        sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
