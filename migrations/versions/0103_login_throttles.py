"""Login throttles: failed sign-ins under logins without a password account

Revision ID: 0103_login_throttles
Revises: 0102_merge_domains
Create Date: 2026-11-26 12:29:51.951399

"""
from alembic import op
import sqlalchemy as sa

import arena.core.models


# revision identifiers, used by Alembic.
revision = '0103_login_throttles'
down_revision = '0102_merge_domains'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_throttles',
    sa.Column('login_key', sa.String(length=254), nullable=False),
    sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False),
    sa.Column('locked_until', arena.core.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', arena.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', arena.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_throttles')),
    sa.UniqueConstraint('login_key', name=op.f('uq_login_throttles_login_key'))
    )


def downgrade():
    op.drop_table('login_throttles')
