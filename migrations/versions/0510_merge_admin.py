"""merge admin settings

Revision ID: 0510_merge_admin
Revises: 0430_merge_throttles, 0500_admin_settings
Create Date: 2026-11-26 13:45:00

"""

# revision identifiers, used by Alembic.
revision = '0510_merge_admin'
down_revision = ('0430_merge_throttles', '0500_admin_settings')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
