"""community: one chat room per writing contest and per competition

Widens ``chat_rooms.kind`` ("competition") and adds ``chat_rooms.ref_id`` (the contest's or competition's id, unique with the kind) and makes the
room of every contest and competition that exists, with its people: organisers as moderators,
jurors and participants (authors of submissions, competitors with an attempt) as members.
Later rooms are made and kept in step by chat's signal receivers (``arena.chat.linked``).

Revision ID: 0630_comm_rooms
Revises: 0540_merge_api_usage
Create Date: 2026-11-26 16:10:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

import arena.core.models


# revision identifiers, used by Alembic.
revision = '0630_comm_rooms'
down_revision = '0540_merge_api_usage'
branch_labels = None
depends_on = None

_when = arena.core.models.UTCDateTime(timezone=True)
rooms = sa.table('chat_rooms', sa.column('id', sa.Integer), sa.column('kind', sa.String), sa.column('name', sa.String),
                 sa.column('ref_id', sa.Integer), sa.column('last_message_id', sa.Integer),
                 sa.column('created_at', _when), sa.column('updated_at', _when))
members = sa.table('chat_members', sa.column('room_id', sa.Integer), sa.column('user_id', sa.Integer),
                   sa.column('role', sa.String), sa.column('last_read_id', sa.Integer),
                   sa.column('created_at', _when), sa.column('updated_at', _when))


def _people(bind, parts):
    """``parts``: (SQL giving (owner id, user id), chat role) in order of precedence."""
    found = {}
    for sql, role in parts:
        for owner_id, user_id in bind.execute(sa.text(sql)):
            if user_id is not None:
                found.setdefault(owner_id, {}).setdefault(user_id, role)
    return found


def _make_rooms(bind, kind, owners_sql, parts):
    now = datetime.now(timezone.utc)
    people = _people(bind, parts)
    for owner_id, name in bind.execute(sa.text(owners_sql)).all():
        bind.execute(rooms.insert().values(kind=kind, name=(name or '')[:100], ref_id=owner_id, last_message_id=0,
                                           created_at=now, updated_at=now))
        room_id = bind.execute(sa.select(rooms.c.id).where(rooms.c.kind == kind, rooms.c.ref_id == owner_id)).scalar()
        rows = [dict(room_id=room_id, user_id=user_id, role=role, last_read_id=0, created_at=now, updated_at=now)
                for user_id, role in people.get(owner_id, {}).items()]
        if rows:
            bind.execute(members.insert(), rows)


def upgrade():
    with op.batch_alter_table('chat_rooms', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ref_id', sa.Integer(), nullable=True))
        batch_op.alter_column('kind', existing_type=sa.String(length=10), type_=sa.String(length=16),
                              existing_nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_chat_rooms_kind_ref_id'), ['kind', 'ref_id'])

    bind = op.get_bind()
    _make_rooms(bind, 'contest', "SELECT id, name FROM contests WHERE deleted_at IS NULL ORDER BY id", [
        ("SELECT contest_id, user_id FROM contest_members WHERE role = 'organizer'", 'moderator'),
        ("SELECT contest_id, user_id FROM contest_members WHERE role = 'jury'", 'member'),
        ("SELECT DISTINCT contest_id, user_id FROM submissions", 'member'),
    ])
    _make_rooms(bind, 'competition', "SELECT id, title FROM competitions WHERE deleted_at IS NULL ORDER BY id", [
        ("SELECT competition_id, user_id FROM competition_organisers", 'moderator'),
        ("SELECT DISTINCT competition_id, user_id FROM competition_attempts", 'member'),
    ])


def downgrade():
    op.execute("DELETE FROM chat_rooms WHERE kind IN ('contest', 'competition')")
    with op.batch_alter_table('chat_rooms', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_chat_rooms_kind_ref_id'), type_='unique')
        batch_op.drop_column('ref_id')
        batch_op.alter_column('kind', existing_type=sa.String(length=16), type_=sa.String(length=10),
                              existing_nullable=False)
