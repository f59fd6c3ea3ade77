"""media items count the bytes they keep in storage (the per-user quota counts those)

Revision ID: 0610_media_stored_bytes
Revises: 0540_merge_api_usage
Create Date: 2026-11-26 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0610_media_stored_bytes'
down_revision = '0540_merge_api_usage'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('media_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stored_bytes', sa.BigInteger(), nullable=False, server_default='0'))
    # until each item is counted again, keep what the quota counted before: the original's size
    op.execute("UPDATE media_items SET stored_bytes = size_bytes WHERE status <> 'uploading'")


def downgrade():
    with op.batch_alter_table('media_items', schema=None) as batch_op:
        batch_op.drop_column('stored_bytes')
