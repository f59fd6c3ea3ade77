"""The rewards tests use the points tests' fixtures."""

from tests.points.conftest import Attempt, admin, admin_headers, balance_of, give, headers, ledger_sum, member  # noqa: F401
