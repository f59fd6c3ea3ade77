"""The one helper that runs an operation for a page: a refusal undoes only the operation's writes
and shows its errors; a success keeps them."""

from flask import get_flashed_messages
from sqlalchemy import select
from wtforms import Form, StringField

from arena.core.errors import ValidationFailed
from arena.extensions import db
from arena.identity.models import User
from arena.web.form_operations import run_form_operation


class NameForm(Form):
    display_name = StringField()


def rename(user, name, *, refuse_with=None):
    user.display_name = name
    db.session.flush()
    if refuse_with is not None:
        raise refuse_with
    return user.display_name


def test_a_refused_operation_is_undone_alone_and_its_errors_are_shown(app, create_user):
    alice, bob = create_user("alice"), create_user("bob")
    form = NameForm()
    with app.test_request_context("/", method="POST"):
        bob.display_name = "Bob, changed earlier in the request"
        outcome = run_form_operation(form, rename, alice, "Refused Name", refuse_with=ValidationFailed(
            {"display_name": ["That name is not allowed."], "elsewhere": ["Try again tomorrow."]},
            message="Check the form."))
        flashes = get_flashed_messages()
        db.session.commit()  # what the boundary does after a redirect
    db.session.expire_all()

    assert not outcome.ok and outcome.status == 422
    assert form.display_name.errors == ["That name is not allowed."]
    assert flashes == ["Check the form. Try again tomorrow."]  # what no field can show
    names = dict(db.session.execute(select(User.username, User.display_name)).all())
    assert names["alice"] != "Refused Name"
    assert names["bob"] == "Bob, changed earlier in the request"


def test_without_a_form_every_message_is_flashed(app, create_user):
    alice = create_user("alice")
    with app.test_request_context("/", method="POST"):
        outcome = run_form_operation(None, rename, alice, "X", refuse_with=ValidationFailed(
            {"display_name": ["That name is not allowed."]}, message="Check the form."))
        assert get_flashed_messages() == ["Check the form. That name is not allowed."]
    assert outcome.error.errors == {"display_name": ["That name is not allowed."]}


def test_a_successful_operation_keeps_its_writes_and_shows_nothing(app, create_user):
    alice = create_user("alice")
    form = NameForm()
    with app.test_request_context("/", method="POST"):
        outcome = run_form_operation(form, rename, alice, "Alice A.")
        assert get_flashed_messages() == []
        db.session.commit()
    db.session.expire_all()
    assert outcome.ok and outcome.value == "Alice A." and outcome.status == 200
    assert not form.errors
    assert db.session.get(User, alice.id).display_name == "Alice A."
