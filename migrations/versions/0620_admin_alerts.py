"""admin alerts sent: once per subject (a queue, a kind of failed job, a wiki) and period

Revision ID: 0620_admin_alerts
Revises: 0540_merge_api_usage
Create Date: 2026-11-26 16:05:00

"""
from alembic import op
import sqlalchemy as sa

import arena.core.models


# revision identifiers, used by Alembic.
revision = '0620_admin_alerts'
down_revision = '0540_merge_api_usage'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('admin_alerts_sent',
    sa.Column('subject', sa.String(length=120), nullable=False),
    sa.Column('period', sa.String(length=20), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', arena.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', arena.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_alerts_sent')),
    sa.UniqueConstraint('subject', 'period', name=op.f('uq_admin_alerts_sent_subject_period'))
    )


def downgrade():
    op.drop_table('admin_alerts_sent')
