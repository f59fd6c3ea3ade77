"""The baseline: a bare Flask app with no extensions, answering JSON."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/status")
def status():
    return jsonify({"status": "ok"})


LEADERBOARD = {"success": True, "message": "OK",
               "data": [{"rank": i + 1, "participant": {"id": i + 1, "name": f"participant{i + 1}"},
                         "total_score": f"{100 - i}.00", "submissions": 20 - i // 2, "accepted": 10, "rejected": 2,
                         "pending": 1} for i in range(20)],
               "meta": {"page": 1, "per_page": 20, "total": 2000, "pages": 100}}


@app.get("/leaderboard")
def leaderboard():
    """The baseline for read benchmarks: a static 20-row leaderboard-shaped JSON page."""
    return jsonify(LEADERBOARD)


@app.post("/spend")
def spend():
    """The baseline for write benchmarks: read the JSON body, answer 201 with JSON."""
    return jsonify({"status": "ok", "data": request.get_json(silent=True)}), 201
