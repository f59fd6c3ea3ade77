"""chat: members' reports of messages, for the admin queue "Reported chat messages"

Revision ID: 0710_chatreport
Revises: 0700_merge_wave3
Create Date: 2026-11-26 17:10:00

"""
from alembic import op
import sqlalchemy as sa

import arena.core.models


# revision identifiers, used by Alembic.
revision = '0710_chatreport'
down_revision = '0700_merge_wave3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('chat_reports',
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', arena.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', arena.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', arena.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['chat_messages.id'], name=op.f('fk_chat_reports_message_id_chat_messages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_chat_reports_reporter_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_chat_reports_resolved_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_reports')),
    sa.UniqueConstraint('message_id', 'reporter_id', name=op.f('uq_chat_reports_message_id_reporter_id'))
    )
    op.create_index(op.f('ix_chat_reports_message_id'), 'chat_reports', ['message_id'], unique=False)
    op.create_index(op.f('ix_chat_reports_reporter_id'), 'chat_reports', ['reporter_id'], unique=False)
    op.create_index(op.f('ix_chat_reports_status'), 'chat_reports', ['status'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_chat_reports_status'), table_name='chat_reports')
    op.drop_index(op.f('ix_chat_reports_reporter_id'), table_name='chat_reports')
    op.drop_index(op.f('ix_chat_reports_message_id'), table_name='chat_reports')
    op.drop_table('chat_reports')
