"""Failed jobs: listed for admins with why they failed, counted on the dashboard, sent again by retry."""

import re

from arena.extensions import db
from arena.jobs import operations, tasks
from arena.jobs.models import Job
from tests.conftest import envelope_ok, sign_in_session


def failed_job(admin, kind=tasks.WORKER_CHECK) -> int:
    job = operations.create_job(kind, actor=admin)
    operations.fail_job(job, "The wiki did not answer")
    db.session.commit()
    return job.id


def test_a_failed_job_is_retried_through_the_api_and_runs_again(client, create_user, auth_headers):
    admin = create_user("root", role="admin")
    job_id = failed_job(admin)
    data = envelope_ok(client.post(f"/api/v1/jobs/{job_id}/retry", headers=auth_headers(admin)), 202)
    assert data["status"] == "queued" and data["error"] is None
    state = envelope_ok(client.get(f"/api/v1/jobs/{job_id}", headers=auth_headers(admin)))
    assert state["status"] == "succeeded" and state["attempts"] == 1  # the eager worker ran it again
    events = envelope_ok(client.get("/api/v1/audit-events?event_type=job.retried", headers=auth_headers(admin)))
    assert [e["details"]["job_id"] for e in events] == [job_id]


def test_only_a_failed_job_of_a_known_kind_is_retried(client, create_user, auth_headers):
    admin, plain = create_user("root", role="admin"), create_user("plain")
    job_id = failed_job(admin)
    assert client.post(f"/api/v1/jobs/{job_id}/retry").status_code == 401
    assert client.post(f"/api/v1/jobs/{job_id}/retry", headers=auth_headers(plain)).status_code == 403
    assert client.post("/api/v1/jobs/999999/retry", headers=auth_headers(admin)).status_code == 404
    unknown = failed_job(admin, kind="no_such_kind")
    resp = client.post(f"/api/v1/jobs/{unknown}/retry", headers=auth_headers(admin))
    assert resp.status_code == 409 and db.session.get(Job, unknown).status == "failed"
    envelope_ok(client.post(f"/api/v1/jobs/{job_id}/retry", headers=auth_headers(admin)), 202)
    again = client.post(f"/api/v1/jobs/{job_id}/retry", headers=auth_headers(admin))
    assert again.status_code == 409 and "Only a failed job" in again.get_json()["message"]


def test_failed_jobs_page_counts_on_the_dashboard_and_retries(client, create_user):
    admin = create_user("root", role="admin")
    job_id = failed_job(admin)
    sign_in_session(client, admin)
    dashboard = client.get("/admin").get_data(as_text=True)
    assert re.search(r'href="/admin/jobs/failed">Failed jobs</a></td><td>1<', dashboard)
    page = client.get("/admin/jobs/failed").get_data(as_text=True)
    assert "The wiki did not answer" in page and f"/admin/jobs/{job_id}/retry" in page
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    resp = client.post(f"/admin/jobs/{job_id}/retry", data={"csrf_token": token}, follow_redirects=True)
    assert resp.status_code == 200 and f"Job {job_id} is queued again." in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Job, job_id).status == "succeeded"
    assert re.search(r'Failed jobs</a></td><td>0<', client.get("/admin").get_data(as_text=True))
    refused = client.post(f"/admin/jobs/{job_id}/retry", data={"csrf_token": token}, follow_redirects=True)
    assert "Only a failed job can be retried." in refused.get_data(as_text=True)
