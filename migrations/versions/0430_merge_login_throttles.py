"""merge login throttles

Revision ID: 0430_merge_throttles
Revises: 0420_merge_wave3, 0103_login_throttles
Create Date: 2026-11-26 13:45:00

"""

# revision identifiers, used by Alembic.
revision = '0430_merge_throttles'
down_revision = ('0420_merge_wave3', '0103_login_throttles')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
