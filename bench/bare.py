"""The baseline: a bare Flask app with no extensions, answering JSON."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/status")
def status():
    return jsonify({"status": "ok"})


@app.post("/spend")
def spend():
    """The baseline for write benchmarks: read the JSON body, answer 201 with JSON."""
    return jsonify({"status": "ok", "data": request.get_json(silent=True)}), 201
