"""merge identity with study and wikimedia accounts

Revision ID: 0101_merge_identity
Revises: 0002_identity, 0100_merge_study_wikimedia
Create Date: 2026-11-22 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

import arena.core.models


# revision identifiers, used by Alembic.
revision = '0101_merge_identity'
down_revision = ('0002_identity', '0100_merge_study_wikimedia')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
