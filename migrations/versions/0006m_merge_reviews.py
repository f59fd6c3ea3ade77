"""merge the reviews branch with the contests/Wikimedia-accounts merge

Revision ID: 0006m_merge_reviews
Revises: 0006_reviews, 0004m_merge_contests_wikimedia
"""

revision = '0006m_merge_reviews'
down_revision = ('0006_reviews', '0004m_merge_contests_wikimedia')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
