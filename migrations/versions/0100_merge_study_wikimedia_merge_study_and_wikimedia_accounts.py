"""merge study and wikimedia accounts

Revision ID: 0100_merge_study_wikimedia
Revises: 0003_study, 0005_wikimedia_accounts
Create Date: 2026-11-22 04:01:52.026212

"""
from alembic import op
import sqlalchemy as sa

import arena.core.models


# revision identifiers, used by Alembic.
revision = '0100_merge_study_wikimedia'
down_revision = ('0003_study', '0005_wikimedia_accounts')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
