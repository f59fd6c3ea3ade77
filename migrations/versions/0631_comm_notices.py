"""community: idempotency keys on notifications and the cursor of the start and end notices

Revision ID: 0631_comm_notices
Revises: 0630_comm_rooms
Create Date: 2026-11-26 16:12:00

"""
from alembic import op
import sqlalchemy as sa

import arena.core.models


# revision identifiers, used by Alembic.
revision = '0631_comm_notices'
down_revision = '0630_comm_rooms'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_cursors',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('at', arena.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', arena.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', arena.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_cursors')),
    sa.UniqueConstraint('name', name=op.f('uq_notification_cursors_name'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=120), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_notifications_idempotency_key'), ['idempotency_key'])


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_notifications_idempotency_key'), type_='unique')
        batch_op.drop_column('idempotency_key')
    op.drop_table('notification_cursors')
