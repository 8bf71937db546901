"""Helpers the ticket views share: query fragments, share tokens, outbound hooks."""
import hashlib
import hmac

from django.conf import settings

import requests

ORDERINGS = {"newest": "-created", "oldest": "created", "priority": "priority"}


def status_clause(status):
    """A WHERE fragment selecting tickets in the given status."""
    return f"status = '{status}'"


def ordering_for(key):
    """The model ordering for a sort key; unknown keys sort newest first."""
    return ORDERINGS.get(key, "-created")


def share_token(ticket_id):
    """A token that lets someone without an account read one ticket; keyed, so it cannot be guessed."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, str(ticket_id).encode(), hashlib.sha256).hexdigest()[:24]


def post_hook(url, payload):
    """Sends a JSON payload to a customer's webhook endpoint."""
    return requests.post(url, json=payload, timeout=5)
