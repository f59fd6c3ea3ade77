"""merge all domains

Revision ID: 0102_merge_domains
Revises: 0006m_merge_reviews, 0101_merge_identity
Create Date: 2026-11-22 04:41:13.206641

"""
from alembic import op
import sqlalchemy as sa

import arena.core.models


# revision identifiers, used by Alembic.
revision = '0102_merge_domains'
down_revision = ('0006m_merge_reviews', '0101_merge_identity')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
