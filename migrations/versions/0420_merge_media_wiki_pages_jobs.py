"""merge the wiki pages table with media and job message parameters

Revision ID: 0420_merge_wave3
Revises: 0400_wiki_pages, 0410_job_message_params
Create Date: 2026-11-26 13:45:00

"""

# revision identifiers, used by Alembic.
revision = '0420_merge_wave3'
down_revision = ('0400_wiki_pages', '0410_job_message_params')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
