"""the needs board: needs, followers, steps, assignments, services, answers, photos

A need raised in a township is routed to its county's association, triaged, assigned to providers,
served (events, field logs) and answered by its asker; every step is a row of its timeline.

Revision ID: 33316e8d1ff4
Revises: b43644fc9d4c
Create Date: 2026-11-30 09:00:19.546849

"""
import sqlalchemy as sa
from alembic import op

import backend.core.db

# revision identifiers, used by Alembic.
revision = '33316e8d1ff4'
down_revision = 'b43644fc9d4c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_uuid', sa.Uuid(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('asker_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('consulting', 'training', 'extension', 'transfer', 'rnd', 'talent', 'planning', 'foresight', 'health', 'popularization', name='need_kind'), nullable=False),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('industry', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('township_code', sa.String(length=12), nullable=False),
    sa.Column('county_code', sa.String(length=12), nullable=False),
    sa.Column('handling_region_code', sa.String(length=12), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lng', sa.Float(), nullable=False),
    sa.Column('is_approximate', sa.Boolean(), nullable=False),
    sa.Column('urgency', sa.Enum('normal', 'urgent', name='need_urgency'), nullable=False),
    sa.Column('asker_type', sa.Enum('village', 'cooperative', 'enterprise', 'individual', 'department', name='need_asker_type'), nullable=False),
    sa.Column('org_name', sa.String(length=128), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('submitted', 'accepted', 'refused', 'duplicate', 'matched', 'in_service', 'resolved', 'closed', name='need_status'), nullable=False),
    sa.Column('closed_as', sa.Enum('confirmed_solved', 'partly', 'not_confirmed', name='need_closed_as'), nullable=True),
    sa.Column('referred_to', sa.Enum('city', 'province', name='need_referred_to'), nullable=True),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('follow_up_of_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('source_key', sa.String(length=64), nullable=True),
    sa.Column('triage_due_at', backend.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('assign_due_at', backend.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answer_due_at', backend.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('triaged_at', backend.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_assigned_at', backend.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_at', backend.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', backend.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reopened_count', sa.Integer(), nullable=False),
    sa.Column('overdue_noticed_on', sa.Date(), nullable=True),
    sa.Column('created_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['asker_id'], ['users.id'], name=op.f('fk_needs_asker_id_users')),
    sa.ForeignKeyConstraint(['county_code'], ['regions.code'], name=op.f('fk_needs_county_code_regions')),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['needs.id'], name=op.f('fk_needs_duplicate_of_id_needs')),
    sa.ForeignKeyConstraint(['follow_up_of_id'], ['needs.id'], name=op.f('fk_needs_follow_up_of_id_needs')),
    sa.ForeignKeyConstraint(['handling_region_code'], ['regions.code'], name=op.f('fk_needs_handling_region_code_regions')),
    sa.ForeignKeyConstraint(['township_code'], ['regions.code'], name=op.f('fk_needs_township_code_regions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs')),
    sa.UniqueConstraint('client_uuid', name=op.f('uq_needs_client_uuid')),
    sa.UniqueConstraint('source_key', name=op.f('uq_needs_source_key'))
    )
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_answer_due_at'), ['answer_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_asker_id'), ['asker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_assign_due_at'), ['assign_due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_county_code'), ['county_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_duplicate_of_id'), ['duplicate_of_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_field'), ['field'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_follow_up_of_id'), ['follow_up_of_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_handling_region_code'), ['handling_region_code'], unique=False)
        batch_op.create_index('ix_needs_handling_status', ['handling_region_code', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_township_code'), ['township_code'], unique=False)
        batch_op.create_index('ix_needs_township_field_status', ['township_code', 'field', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_triage_due_at'), ['triage_due_at'], unique=False)

    op.create_table('need_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('asker_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Enum('solved', 'partly', 'not_solved', name='need_answer_outcome'), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('still_needed', sa.Text(), nullable=False),
    sa.Column('follow_up_need_id', sa.Integer(), nullable=True),
    sa.Column('created_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['asker_id'], ['users.id'], name=op.f('fk_need_answers_asker_id_users')),
    sa.ForeignKeyConstraint(['follow_up_need_id'], ['needs.id'], name=op.f('fk_need_answers_follow_up_need_id_needs')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_answers_need_id_needs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need_answers'))
    )
    with op.batch_alter_table('need_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_answers_asker_id'), ['asker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_answers_need_id'), ['need_id'], unique=False)

    op.create_table('need_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('provider_type', sa.Enum('team', 'station', 'volunteer', name='need_provider_type'), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('offered', 'accepted', 'declined', 'withdrawn', name='need_assignment_status'), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answer_due_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', backend.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_need_assignments_answered_by_id_users')),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_need_assignments_assigned_by_id_users')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_assignments_need_id_needs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need_assignments'))
    )
    with op.batch_alter_table('need_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_assignments_answered_by_id'), ['answered_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_assignments_assigned_by_id'), ['assigned_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_assignments_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_assignments_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index('ix_need_assignments_provider', ['provider_type', 'provider_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_assignments_status'), ['status'], unique=False)

    op.create_table('need_followers',
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_followers_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_need_followers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('need_id', 'user_id', name=op.f('pk_need_followers'))
    )
    with op.batch_alter_table('need_followers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_followers_user_id'), ['user_id'], unique=False)

    op.create_table('need_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('photo_uuid', sa.Uuid(), nullable=False),
    sa.Column('need_uuid', sa.Uuid(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('created_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_photos_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_need_photos_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need_photos')),
    sa.UniqueConstraint('photo_uuid', name=op.f('uq_need_photos_photo_uuid'))
    )
    with op.batch_alter_table('need_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_photos_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_photos_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_photos_need_uuid'), ['need_uuid'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_photos_uploaded_by_id'), ['uploaded_by_id'], unique=False)

    op.create_table('need_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('status_after', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_need_steps_actor_id_users')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_steps_need_id_needs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need_steps'))
    )
    with op.batch_alter_table('need_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_steps_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_steps_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_steps_need_id'), ['need_id'], unique=False)

    op.create_table('need_services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('field_log_id', sa.Integer(), nullable=True),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', backend.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_need_services_added_by_id_users')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_need_services_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['field_log_id'], ['field_logs.id'], name=op.f('fk_need_services_field_log_id_field_logs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_services_need_id_needs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need_services')),
    sa.UniqueConstraint('need_id', 'event_id', name=op.f('uq_need_services_need_id_event_id')),
    sa.UniqueConstraint('need_id', 'field_log_id', name=op.f('uq_need_services_need_id_field_log_id'))
    )
    with op.batch_alter_table('need_services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_services_added_by_id'), ['added_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_services_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_services_field_log_id'), ['field_log_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_services_need_id'), ['need_id'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    # A new sa.Enum makes a PostgreSQL type that outlives its table: drop it here too, e.g.
    # sa.Enum(name="<its name>").drop(op.get_bind(), checkfirst=True)
    with op.batch_alter_table('need_services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_services_need_id'))
        batch_op.drop_index(batch_op.f('ix_need_services_field_log_id'))
        batch_op.drop_index(batch_op.f('ix_need_services_event_id'))
        batch_op.drop_index(batch_op.f('ix_need_services_added_by_id'))

    op.drop_table('need_services')
    with op.batch_alter_table('need_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_steps_need_id'))
        batch_op.drop_index(batch_op.f('ix_need_steps_actor_id'))
        batch_op.drop_index(batch_op.f('ix_need_steps_action'))

    op.drop_table('need_steps')
    with op.batch_alter_table('need_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_photos_uploaded_by_id'))
        batch_op.drop_index(batch_op.f('ix_need_photos_need_uuid'))
        batch_op.drop_index(batch_op.f('ix_need_photos_need_id'))
        batch_op.drop_index(batch_op.f('ix_need_photos_content_hash'))

    op.drop_table('need_photos')
    with op.batch_alter_table('need_followers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_followers_user_id'))

    op.drop_table('need_followers')
    with op.batch_alter_table('need_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_assignments_status'))
        batch_op.drop_index('ix_need_assignments_provider')
        batch_op.drop_index(batch_op.f('ix_need_assignments_offer_id'))
        batch_op.drop_index(batch_op.f('ix_need_assignments_need_id'))
        batch_op.drop_index(batch_op.f('ix_need_assignments_assigned_by_id'))
        batch_op.drop_index(batch_op.f('ix_need_assignments_answered_by_id'))

    op.drop_table('need_assignments')
    with op.batch_alter_table('need_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_answers_need_id'))
        batch_op.drop_index(batch_op.f('ix_need_answers_asker_id'))

    op.drop_table('need_answers')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_triage_due_at'))
        batch_op.drop_index('ix_needs_township_field_status')
        batch_op.drop_index(batch_op.f('ix_needs_township_code'))
        batch_op.drop_index(batch_op.f('ix_needs_status'))
        batch_op.drop_index(batch_op.f('ix_needs_kind'))
        batch_op.drop_index('ix_needs_handling_status')
        batch_op.drop_index(batch_op.f('ix_needs_handling_region_code'))
        batch_op.drop_index(batch_op.f('ix_needs_follow_up_of_id'))
        batch_op.drop_index(batch_op.f('ix_needs_field'))
        batch_op.drop_index(batch_op.f('ix_needs_duplicate_of_id'))
        batch_op.drop_index(batch_op.f('ix_needs_county_code'))
        batch_op.drop_index(batch_op.f('ix_needs_assign_due_at'))
        batch_op.drop_index(batch_op.f('ix_needs_asker_id'))
        batch_op.drop_index(batch_op.f('ix_needs_answer_due_at'))

    op.drop_table('needs')
    # PostgreSQL keeps an enum type after its table is dropped: drop them, or the next upgrade fails.
    for name in ("need_kind", "need_urgency", "need_asker_type", "need_status", "need_closed_as",
                 "need_referred_to", "need_provider_type", "need_assignment_status", "need_answer_outcome"):
        sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
