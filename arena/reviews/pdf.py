"""The PDF summary of a contest (fpdf2): totals, the top N, and a chart of submissions per day
drawn with fpdf2 primitives. Names in any script: DejaVu Sans (Debian ``fonts-dejavu-core``) is
embedded, with HarfBuzz shaping (``uharfbuzz``) for Arabic when it is installed."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask_babel import force_locale, gettext as _

from arena.core.timeutil import utcnow
from arena.reviews import queries, scoring

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)


def font_path() -> str | None:
    configured = current_app.config.get("REPORT_FONT_PATH")
    for candidate in ((configured,) if configured else ()) + FONT_CANDIDATES:
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _new_pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    path = font_path()
    if path:
        pdf.add_font("ArenaSans", "", path)
        family = "ArenaSans"
        try:
            import uharfbuzz  # noqa: F401

            pdf.set_text_shaping(True)
        except ImportError:  # pragma: no cover - without HarfBuzz Arabic letters are not joined
            pass
    else:  # pragma: no cover - core font: Latin-1 only
        family = "Helvetica"
    pdf.add_page()
    return pdf, family


def _latin(text: str, family: str) -> str:
    return text if family != "Helvetica" else text.encode("latin-1", "replace").decode("latin-1")


def summary_pdf(contest, *, top: int = 10, locale: str = "en") -> bytes:
    with force_locale(locale):
        return _summary(contest, top)


def _summary(contest, top: int) -> bytes:
    pdf, family = _new_pdf()
    t = lambda s: _latin(str(s), family)  # noqa: E731
    pdf.set_title(t(contest.name))
    pdf.set_font(family, size=18)
    pdf.multi_cell(0, 10, t(contest.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=10)
    pdf.cell(0, 6, t(_("From %(start)s to %(end)s", start=contest.starts_at.strftime("%Y-%m-%d"),
                       end=contest.ends_at.strftime("%Y-%m-%d"))), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, t(_("Generated %(when)s UTC", when=utcnow().strftime("%Y-%m-%d %H:%M"))),
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    totals = queries.totals(contest.id)
    pdf.set_font(family, size=13)
    pdf.cell(0, 8, t(_("Totals")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=10)
    for label, value in ((_("Participants"), totals.participants if totals else 0),
                         (_("Submissions"), totals.submissions if totals else 0),
                         (_("Accepted"), totals.accepted if totals else 0),
                         (_("Rejected"), totals.rejected if totals else 0),
                         (_("Pending"), totals.pending if totals else 0),
                         (_("Total score"), scoring.money(totals.total_score) if totals else "0.00")):
        pdf.cell(60, 6, t(label))
        pdf.cell(0, 6, t(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.set_font(family, size=13)
    pdf.cell(0, 8, t(_("Top %(n)s", n=top)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=10)
    widths = (15, 85, 30, 30, 30)
    for width, head in zip(widths, (_("Rank"), _("Participant"), _("Score"), _("Submissions"), _("Accepted"))):
        pdf.cell(width, 7, t(head), border="B")
    pdf.ln()
    page, _summary_row = queries.leaderboard_page(contest.id, page=1, per_page=top)
    for item in page.items:
        e = item["entry"]
        for width, value in zip(widths, (item["rank"], e.user.name, scoring.money(e.total_score), e.submissions,
                                         e.accepted)):
            pdf.cell(width, 7, t(value))
        pdf.ln()
    if not page.items:
        pdf.cell(0, 7, t(_("No participants yet.")), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    _chart(pdf, family, queries.submissions_per_day(contest.id), t)
    return bytes(pdf.output())


def _chart(pdf, family: str, days: list[tuple[str, int]], t) -> None:
    """A bar chart of submissions per day: axes, bars and labels, from rectangles and lines."""
    pdf.set_font(family, size=13)
    pdf.cell(0, 8, t(_("Submissions over time")), new_x="LMARGIN", new_y="NEXT")
    if not days:
        pdf.set_font(family, size=10)
        pdf.cell(0, 7, t(_("No submissions yet.")), new_x="LMARGIN", new_y="NEXT")
        return
    height, width = 60.0, pdf.w - pdf.l_margin - pdf.r_margin - 12
    if pdf.get_y() + height + 20 > pdf.h - pdf.b_margin:
        pdf.add_page()
    x0, y0 = pdf.l_margin + 12, pdf.get_y() + 4
    peak = max(n for _d, n in days)
    pdf.set_draw_color(60, 60, 60)
    pdf.line(x0, y0, x0, y0 + height)
    pdf.line(x0, y0 + height, x0 + width, y0 + height)
    pdf.set_font(family, size=7)
    pdf.text(pdf.l_margin, y0 + 3, t(peak))
    pdf.text(pdf.l_margin, y0 + height, "0")
    slot = width / len(days)
    bar = max(0.5, slot * 0.7)
    pdf.set_fill_color(46, 110, 170)
    label_every = max(1, len(days) // 8)
    for index, (day, count) in enumerate(days):
        bar_height = height * count / peak if peak else 0
        x = x0 + index * slot + (slot - bar) / 2
        pdf.rect(x, y0 + height - bar_height, bar, bar_height, style="F")
        if index % label_every == 0:
            pdf.text(x0 + index * slot, y0 + height + 5, t(day[5:]))
    pdf.set_y(y0 + height + 10)
