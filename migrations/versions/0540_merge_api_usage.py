"""merge API usage and admin overview

Revision ID: 0540_merge_api_usage
Revises: 0530_merge_rounds, 0520_api_usage
Create Date: 2026-11-26 13:45:00

"""

# revision identifiers, used by Alembic.
revision = '0540_merge_api_usage'
down_revision = ('0530_merge_rounds', '0520_api_usage')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
