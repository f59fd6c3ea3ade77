"""A worker killed in the middle of a transcode: the transcode is started again and completes once."""

import os
import signal
from datetime import timedelta

from sqlalchemy import select

from tests.conftest import envelope_ok
from tests.media.clips import make_clip
from tests.support.processes import ArenaWorker, wait_until

API = "/api/v1/media"


def test_a_worker_killed_during_a_transcode_is_replaced_and_the_video_completes_once(config, request, tmp_path,
                                                                                     create_user, auth_headers):
    config["CELERY_TASK_ALWAYS_EAGER"] = False
    app = request.getfixturevalue("app")
    app.extensions["celery"].conf.task_always_eager = False
    client = app.test_client()
    from arena.core.timeutil import utcnow
    from arena.extensions import db
    from arena.jobs.models import Job
    from arena.media import operations
    from arena.media.models import MediaItem
    from arena.media.storage import get_storage

    clip = make_clip(tmp_path / "long720.mp4", width=1280, height=720, seconds=8, fps=25, audio=False)
    owner = auth_headers(create_user("signer"))
    data = clip.read_bytes()
    try:
        with ArenaWorker(config) as worker:
            item_id = envelope_ok(client.post(f"{API}/uploads", json={"total_size": len(data)}, headers=owner),
                                  201)["item_id"]
            first_job = envelope_ok(client.patch(f"{API}/uploads/{item_id}", data=data,
                                                 headers={**owner, "Upload-Offset": "0"}))["item"]["job_id"]

            def transcoding():
                db.session.expire_all()
                job = db.session.get(Job, first_job)
                return job if job.status == "running" and job.progress > 0 else None

            assert wait_until(transcoding, timeout=60, interval=0.1), worker.output()
            os.kill(worker.proc.pid, signal.SIGKILL)  # the worker dies mid-transcode
            worker.proc.wait(timeout=10)

        # the sweep finds the silent job (as it would once MEDIA_STALLED_SECONDS have passed)
        later = utcnow() + timedelta(seconds=app.config["MEDIA_STALLED_SECONDS"] + 1)
        db.session.expire_all()
        assert operations.restart_stalled(now=later) == 1
        db.session.commit()

        with ArenaWorker(config) as worker:
            def ready():
                db.session.expire_all()
                item = db.session.get(MediaItem, item_id)
                return item if item.status in ("ready", "failed") else None

            item = wait_until(ready, timeout=120, interval=0.25)
            assert item is not None and item.status == "ready", worker.output()
        jobs = {job.id: job for job in db.session.scalars(select(Job).where(Job.kind == "media.process"))}
        assert len(jobs) == 2 and jobs[first_job].status == "failed"
        second = jobs[item.job_id]
        assert second.status == "succeeded" and second.attempts == 1
        folder = get_storage(app).path(str(item_id))
        assert sorted(p.name for p in folder.iterdir()) == ["poster", "preview", "video"]  # no scratch, no original
        body = envelope_ok(client.get(f"{API}/{item_id}", headers=owner))
        assert body["height"] == 720 and body["status"] == "ready"
    finally:
        app.extensions["celery"].conf.task_always_eager = True
