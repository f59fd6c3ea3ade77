"""The baseline: a bare Flask app with no extensions, answering JSON."""

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/status")
def status():
    return jsonify({"status": "ok"})
