"""merge jobs outbox, competitions, and points/rewards

Revision ID: 0300_merge_wave2
Revises: 0103_jobs_outbox, 0200_competitions, 0103_points_rewards
Create Date: 2026-11-26 13:45:00

"""

# revision identifiers, used by Alembic.
revision = '0300_merge_wave2'
down_revision = ('0103_jobs_outbox', '0200_competitions', '0103_points_rewards')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
