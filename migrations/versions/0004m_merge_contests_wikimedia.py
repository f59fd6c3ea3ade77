"""merge the contests and Wikimedia-accounts branches

Revision ID: 0004m_merge_contests_wikimedia
Revises: 0004_contests, 0005_wikimedia_accounts
"""

revision = '0004m_merge_contests_wikimedia'
down_revision = ('0004_contests', '0005_wikimedia_accounts')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
