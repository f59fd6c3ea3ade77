"""runtime settings and password re-confirmation

Revision ID: 0500_admin_settings
Revises: 0400_media
Create Date: 2026-11-26 13:26:36.874019

"""
from alembic import op
import sqlalchemy as sa

import arena.core.models


# revision identifiers, used by Alembic.
revision = '0500_admin_settings'
down_revision = '0400_media'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('runtime_settings',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', arena.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', arena.core.models.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_runtime_settings_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_runtime_settings')),
    sa.UniqueConstraint('name', name=op.f('uq_runtime_settings_name'))
    )
    with op.batch_alter_table('runtime_settings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_runtime_settings_updated_by_id'), ['updated_by_id'], unique=False)

    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reauthenticated_at', arena.core.models.UTCDateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.drop_column('reauthenticated_at')

    with op.batch_alter_table('runtime_settings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_runtime_settings_updated_by_id'))

    op.drop_table('runtime_settings')
