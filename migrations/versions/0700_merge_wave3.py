"""merge media quota, admin alerts and community rooms and notices

Revision ID: 0700_merge_wave3
Revises: 0610_media_stored_bytes, 0620_admin_alerts, 0631_comm_notices
Create Date: 2026-11-26 16:40:00

"""

# revision identifiers, used by Alembic.
revision = '0700_merge_wave3'
down_revision = ('0610_media_stored_bytes', '0620_admin_alerts', '0631_comm_notices')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
