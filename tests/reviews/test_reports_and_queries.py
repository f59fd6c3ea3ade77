"""Reports (CSV opened with csv, PDF read with pypdf), their permissions, and bounded query counts."""

import csv
import io

from tests.conftest import envelope_ok

CONFIG = {"marks_accepted": 10, "quorum": 1}


def export(api, user, contest, fmt, status=202):
    resp = api(user).post(f"/api/v1/contests/{contest.id}/reports", {"format": fmt})
    assert resp.status_code == status, resp.get_json()
    if status != 202:
        return None, resp
    job = resp.get_json()["data"]
    state = envelope_ok(api(user).get(f"/api/v1/jobs/{job['id']}"))
    assert state["status"] == "succeeded", state
    assert state["result"]["download_url"] == f"/api/v1/reports/{job['id']}/download"
    resp = api(user).get(state["result"]["download_url"])
    resp.get_data()  # read the file, then let it go: the body stays readable, the file is closed
    resp.close()
    return job, resp


def seeded(people, jury_contest, submit, api):
    p = people
    contest = jury_contest("simple", CONFIG, name="Spring Writing",
                           rules={"min_size": {"level": "required", "bytes": 1000}})
    s1 = submit(contest, p["alice"], "Alpha", snapshot={"size": 3100, "references": {"new": 4, "reused": 1}})
    s2 = submit(contest, p["carol"], "=HYPERLINK(\"http://evil\",\"x\")")
    api(p["jury1"]).post(f"/api/v1/submissions/{s1.id}/reviews",
                         {"decision": "accept", "marks": 9, "comment": "+fine work", "private_note": "n1",
                          "flags": ["special_prize"]})
    api(p["jury2"]).post(f"/api/v1/submissions/{s2.id}/reviews",
                         {"decision": "accept", "marks": 4, "comment": "=1+1"})
    return contest, s1, s2


def test_csv_reports(app, people, jury_contest, submit, api):
    p = people
    contest, s1, s2 = seeded(people, jury_contest, submit, api)
    _job, resp = export(api, p["jury3"], contest, "leaderboard_csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["rank", "participant", "user_id", "total_score"]
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [("1", "alice", "9.00"), ("2", "كارول العربية", "4.00")]

    _job, resp = export(api, p["org"], contest, "submissions_csv")
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    alpha = next(r for r in rows if r["title"] == "Alpha")
    assert alpha["status"] == "accepted" and alpha["score"] == "9.00" and alpha["size"] == "3100"
    assert alpha["new_references"] == "4" and alpha["rule_results"] == "min_size=pass (3100 bytes (at least 1000).)"
    assert alpha["jury1: marks"] == "9" and alpha["jury1: flags"] == "special_prize"
    assert alpha["jury1: comment"] == "'+fine work"  # formula characters are defused
    evil = next(r for r in rows if r["id"] == str(s2.id))
    assert evil["title"].startswith("'=HYPERLINK") and evil["jury2: comment"] == "'=1+1"
    assert all(not v.startswith(("=", "+", "@")) for r in rows for v in r.values() if v)


def test_pdf_and_json_reports(app, people, jury_contest, submit, api):
    from pypdf import PdfReader

    p = people
    contest, _s1, _s2 = seeded(people, jury_contest, submit, api)
    _job, resp = export(api, p["org"], contest, "pdf")
    assert resp.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(resp.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Spring Writing" in text and "alice" in text and "Submissions over time" in text
    assert "Top 10" in text and "9.00" in text
    assert "كارول العربية" in text  # shaped with HarfBuzz, extracted back in logical order
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert any("DejaVu" in name or "ArenaSans" in name for name in fonts), fonts

    _job, resp = export(api, p["admin"], contest, "json")
    data = resp.get_json()
    assert data["totals"]["submissions"] == 2 and data["leaderboard"][0]["participant"]["name"] == "alice"
    assert data["submissions"][0]["reviews"][0]["private_note"] == "n1"


def test_reports_are_for_the_jury_only(app, people, jury_contest, submit, api):
    p = people
    contest, _s1, _s2 = seeded(people, jury_contest, submit, api)
    for user in (p["alice"], p["outsider"]):
        assert api(user).post(f"/api/v1/contests/{contest.id}/reports", {"format": "pdf"}).status_code == 404
    job, _resp = export(api, p["org"], contest, "leaderboard_csv")
    assert api(p["alice"]).get(f"/api/v1/reports/{job['id']}/download").status_code == 404
    download = api(p["jury1"]).get(f"/api/v1/reports/{job['id']}/download")
    download.close()
    assert download.status_code == 200
    bad = api(p["org"]).post(f"/api/v1/contests/{contest.id}/reports", {"format": "xlsx"})
    assert bad.status_code == 422 and "format" in bad.get_json()["errors"]


def test_lists_issue_a_bounded_number_of_queries(app, people, jury_contest, submit, api, count_queries):
    p = people
    contest = jury_contest("simple", CONFIG)
    names = ["alice", "bob", "carol", "dalia"]
    from arena.identity import operations as identity

    extra = [identity.create_user(f"writer{i}", f"writer{i}@example.org", "correct horse battery staple")
             for i in range(8)]
    from arena.extensions import db

    db.session.commit()
    writers = [p[n] for n in names] + extra
    subs = [submit(contest, writers[i % len(writers)], f"Article {i}") for i in range(24)]
    for sub in subs[:12]:
        api(p["jury1"]).post(f"/api/v1/submissions/{sub.id}/reviews", {"decision": "accept", "marks": 5})

    def queries_for(url, user):
        with count_queries() as log:
            resp = api(user).get(url)
        assert resp.status_code == 200, resp.get_json()
        return len(log), len(resp.get_json()["data"])

    small, rows_small = queries_for(f"/api/v1/contests/{contest.id}/leaderboard?per_page=5", None)
    large, rows_large = queries_for(f"/api/v1/contests/{contest.id}/leaderboard?per_page=100", None)
    assert (rows_small, rows_large) == (5, 12) and small == large
    small, rows_small = queries_for(f"/api/v1/contests/{contest.id}/review-queue?per_page=5", p["jury2"])
    large, rows_large = queries_for(f"/api/v1/contests/{contest.id}/review-queue?per_page=100", p["jury2"])
    assert (rows_small, rows_large) == (5, 24) and small == large
    small, _ = queries_for("/api/v1/leaderboard?per_page=5", None)
    large, _ = queries_for("/api/v1/leaderboard?per_page=100", None)
    assert small == large
