from flask import Blueprint

bp = Blueprint("reviews", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets/reviews")
