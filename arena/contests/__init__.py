"""Contests: contests, organisers and jury, contest and trusted-member requests, submissions,
eligibility rules, fact refreshes, category imports and write-back."""


def init_app(app) -> None:
    from arena.contests import models  # noqa: F401  (tables are known to the metadata)
