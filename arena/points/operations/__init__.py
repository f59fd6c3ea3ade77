"""Every write of the points domain: the ledger, credits, adjustments, packages and purchases."""

from arena.points.operations.earning import (adjust_points, credit_competition_attempt, settle_submission,
                                             submission_net)
from arena.points.operations.ledger import (Cause, InsufficientPoints, find_entry, lock_account, period_starts,
                                            post_entry)
from arena.points.operations.purchases import create_package, record_purchase, update_package
from arena.points.operations.requests import decline_purchase_request, record_requested_purchase, request_purchase
from arena.points.operations.verify import Difference, verify_balances

__all__ = ["Cause", "Difference", "InsufficientPoints", "adjust_points", "create_package",
           "credit_competition_attempt", "decline_purchase_request", "record_requested_purchase", "request_purchase", "find_entry", "lock_account", "period_starts", "post_entry",
           "record_purchase", "settle_submission", "submission_net", "update_package", "verify_balances"]
