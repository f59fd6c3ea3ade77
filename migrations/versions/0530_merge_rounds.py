"""merge judging rounds

Revision ID: 0530_merge_rounds
Revises: 0520_merge_community, 0500_judging_rounds
Create Date: 2026-11-26 13:45:00

"""

# revision identifiers, used by Alembic.
revision = '0530_merge_rounds'
down_revision = ('0520_merge_community', '0500_judging_rounds')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
