"""merge community

Revision ID: 0520_merge_community
Revises: 0510_merge_admin, 0403_juror_reminders
Create Date: 2026-11-26 13:45:00

"""

# revision identifiers, used by Alembic.
revision = '0520_merge_community'
down_revision = ('0510_merge_admin', '0403_juror_reminders')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
