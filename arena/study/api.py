"""Study REST API: subjects, study sessions, the timer, stats and the CSV export.

Everything is private to its owner: another user's subject or session answers 404. Reads of lists
and items are cached per user (see ``caching``); every write invalidates them once committed.
"""

from __future__ import annotations

from functools import partial

from flask.views import MethodView
from flask_babel import gettext as _

from arena.core import access, pagecache
from arena.core.api import Blueprint, envelope, ok, ok_page, paginate
from arena.core.errors import NotFound
from arena.core.timeutil import utcnow
from arena.study import caching, exports, limits, operations, queries, stats
from arena.study.schemas import (CsvArgs, SessionCreateSchema, SessionListArgs, SessionSchema,
                                 SessionUpdateSchema, StatsSchema, SubjectCreateSchema, SubjectListArgs,
                                 SubjectSchema, SubjectUpdateSchema, TimerStartSchema, TimerStateSchema,
                                 RangeArgs)

subjects_blp = Blueprint("study_subjects", __name__, url_prefix="/api/v1/subjects",
                         description="Study subjects (private to their owner)")
sessions_blp = Blueprint("study_sessions", __name__, url_prefix="/api/v1/study-sessions",
                         description="Study sessions and the running timer (private to their owner)")
study_blp = Blueprint("study_misc", __name__, url_prefix="/api/v1",
                      description="Study statistics and export")


me = access.current_user_or_none  # the caller, or None


def _subject_or_404(subject_id: int):
    subject = queries.owned_subject(me(), subject_id)
    if subject is None:
        raise NotFound(_("No such subject."))
    return subject


def _session_or_404(session_id: int):
    session = queries.owned_session(me(), session_id)
    if session is None:
        raise NotFound(_("No such study session."))
    return session


def _with_totals(subject):
    queries.attach_totals([subject])
    return subject


def _cached(user, parts):
    """The user's study cache for ``parts``, as :func:`pagecache.cached_json` takes it."""
    return partial(caching.cached, user.id, parts)


# ---- subjects -------------------------------------------------------------------------------

@subjects_blp.route("")
class Subjects(MethodView):
    @access.signed_in()
    @limits.read
    @subjects_blp.arguments(SubjectListArgs, location="query")
    @subjects_blp.response(200, envelope(SubjectSchema, many=True))
    def get(self, args):
        """Your subjects by name, with derived completed minutes and progress (cached per user)."""
        user = me()

        def build():
            page = paginate(queries.subjects_stmt(user.id, args["status"]), args["page"], args["per_page"])
            queries.attach_totals(page.items)
            return envelope(SubjectSchema, many=True)().dump(ok_page(page))

        return pagecache.cached_json(_cached(user, ("subjects", args["status"], args["page"], args["per_page"])), build)

    @access.signed_in()
    @limits.write
    @subjects_blp.arguments(SubjectCreateSchema)
    @subjects_blp.response(201, envelope(SubjectSchema))
    def post(self, data):
        """Create a subject. Names are unique per user, ignoring case (409 otherwise)."""
        subject = operations.create_subject(actor=me(), **data)
        return ok(_with_totals(subject), _("Created")), 201


@subjects_blp.route("/<int:subject_id>")
class SubjectItem(MethodView):
    @access.signed_in()
    @limits.read
    @subjects_blp.response(200, envelope(SubjectSchema))
    def get(self, subject_id):
        """One of your subjects (404 for anybody else's)."""
        user = me()
        return pagecache.cached_json(_cached(user, ("subject", subject_id)), lambda: envelope(SubjectSchema)().dump(
            ok(_with_totals(_subject_or_404(subject_id)))))

    @access.signed_in()
    @limits.write
    @subjects_blp.arguments(SubjectUpdateSchema)
    @subjects_blp.response(200, envelope(SubjectSchema))
    def patch(self, data, subject_id):
        """Change a subject's name, description, goal, priority or status."""
        subject = operations.update_subject(_subject_or_404(subject_id), data, actor=me())
        return ok(_with_totals(subject), _("Updated"))

    @access.signed_in()
    @limits.write
    @subjects_blp.response(200, envelope())
    def delete(self, subject_id):
        """Delete a subject together with all its sessions."""
        removed = operations.delete_subject(_subject_or_404(subject_id), actor=me())
        return ok({"id": subject_id, "sessions_deleted": removed}, _("Deleted"))


# ---- sessions -------------------------------------------------------------------------------

@sessions_blp.route("")
class Sessions(MethodView):
    @access.signed_in()
    @limits.read
    @sessions_blp.arguments(SessionListArgs, location="query")
    @sessions_blp.response(200, envelope(SessionSchema, many=True))
    def get(self, args):
        """Your sessions; filter by ``subject_id`` and by start day (``from``/``to`` in ``tz``);
        ``sort`` = start, -start (default), duration, -duration; ties broken by id."""
        user = me()
        tz = stats.zone(args["tz"])
        starts_from, starts_before = queries.local_day_bounds(args["date_from"], args["date_to"], tz)
        key = ("sessions", args["subject_id"], args["date_from"], args["date_to"], tz.key, args["sort"],
               args["page"], args["per_page"])

        def build():
            stmt = queries.sessions_stmt(user.id, subject_id=args["subject_id"], starts_from=starts_from,
                                         starts_before=starts_before, sort=args["sort"])
            return envelope(SessionSchema, many=True)().dump(ok_page(paginate(stmt, args["page"], args["per_page"])))

        return pagecache.cached_json(_cached(user, key), build)

    @access.signed_in()
    @limits.write
    @sessions_blp.arguments(SessionCreateSchema)
    @sessions_blp.response(201, envelope(SessionSchema))
    def post(self, data):
        """Record a finished session (end after start, not in the future, at most 24 h, no overlap)."""
        session = operations.create_session(actor=me(), **data)
        return ok(session, _("Created")), 201


@sessions_blp.route("/<int:session_id>")
class SessionItem(MethodView):
    @access.signed_in()
    @limits.read
    @sessions_blp.response(200, envelope(SessionSchema))
    def get(self, session_id):
        """One of your sessions (404 for anybody else's)."""
        user = me()
        return pagecache.cached_json(_cached(user, ("session", session_id)),
                                     lambda: envelope(SessionSchema)().dump(ok(_session_or_404(session_id))))

    @access.signed_in()
    @limits.write
    @sessions_blp.arguments(SessionUpdateSchema)
    @sessions_blp.response(200, envelope(SessionSchema))
    def patch(self, data, session_id):
        """Change a session's subject, times or notes (same rules as creating one)."""
        session = operations.update_session(_session_or_404(session_id), data, actor=me())
        return ok(session, _("Updated"))

    @access.signed_in()
    @limits.write
    @sessions_blp.response(200, envelope())
    def delete(self, session_id):
        """Delete a session."""
        operations.delete_session(_session_or_404(session_id), actor=me())
        return ok({"id": session_id}, _("Deleted"))


def _timer_body(session, message="OK", outcome=None):
    elapsed = int((utcnow() - session.started_at).total_seconds() // 60) if session and session.running else None
    state = {"running": session is not None and session.running, "session": session,
             "elapsed_minutes": elapsed, "outcome": outcome}
    return ok(state, message)


@sessions_blp.route("/timer")
class Timer(MethodView):
    @access.signed_in()
    @limits.read
    @sessions_blp.response(200, envelope(TimerStateSchema))
    def get(self):
        """Your running timer, if any."""
        return _timer_body(queries.running_session(me().id))

    @access.signed_in()
    @limits.write
    @sessions_blp.arguments(TimerStartSchema)
    @sessions_blp.response(201, envelope(TimerStateSchema))
    def post(self, data):
        """Start a session now (one running timer at a time: 409 otherwise)."""
        return _timer_body(operations.start_timer(actor=me(), **data), "Started"), 201


@sessions_blp.route("/timer/stop")
class TimerStop(MethodView):
    @access.signed_in()
    @limits.write
    @sessions_blp.response(200, envelope(TimerStateSchema))
    def post(self):
        """Stop the running timer (404 when none). Under a minute: discarded; over 24 h: ended at 24 h."""
        session, outcome = operations.stop_timer(actor=me())
        message = {"stopped": "Stopped", "capped": "Stopped at the 24-hour limit",
                   "discarded": "Discarded: shorter than a minute"}[outcome]
        return _timer_body(session, message, outcome)


# ---- stats and export -----------------------------------------------------------------------

@study_blp.route("/study/stats")
class Stats(MethodView):
    @access.signed_in()
    @limits.read
    @study_blp.arguments(RangeArgs, location="query")
    @study_blp.response(200, envelope(StatsSchema))
    def get(self, args):
        """Minutes per day, per week and subject, streaks and goal progress for local dates
        ``from``..``to`` (default: the last 28 days) in ``tz`` (IANA, default UTC)."""
        user = me()
        tz = stats.zone(args["tz"])
        now = utcnow()
        key = ("stats", args["date_from"], args["date_to"], tz.key, now.astimezone(tz).date())
        return pagecache.cached_json(_cached(user, key), lambda: envelope(StatsSchema)().dump(ok(
            stats.stats_for(user, day_from=args["date_from"], day_to=args["date_to"], tz=tz, now=now))))


@study_blp.route("/study-sessions.csv")
class SessionsCsv(MethodView):
    @access.signed_in()
    @limits.read
    @study_blp.arguments(CsvArgs, location="query")
    @study_blp.response(200, {"type": "string"}, content_type="text/csv")
    def get(self, args):
        """Your sessions as CSV (times in ``tz``), safe to open in a spreadsheet."""
        return exports.sessions_csv(me(), subject_id=args["subject_id"], day_from=args["date_from"],
                                    day_to=args["date_to"], tz=stats.zone(args["tz"]))
