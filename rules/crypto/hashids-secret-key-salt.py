import hashids
from django.conf import settings
from flask import current_app
from hashids import Hashids

# ruleid: hashids-secret-key-salt
ORDER_IDS = Hashids(salt=settings.SECRET_KEY, min_length=8)


def invoice_hasher():
    # ruleid: hashids-secret-key-salt
    return hashids.Hashids(current_app.config["SECRET_KEY"], 10)


def share_hasher(app):
    # ruleid: hashids-secret-key-salt
    return Hashids(min_length=6, salt=app.secret_key)


# ok: hashids-secret-key-salt
PUBLIC_IDS = Hashids(salt=settings.HASHIDS_SALT, min_length=8)


def plain_hasher():
    # ok: hashids-secret-key-salt
    return Hashids(salt="orders", min_length=8)
