"""Settings for the Bookshelf app: paths, keys and the cache connection."""
import os

import redis

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
DATABASE = os.path.join(BASE_DIR, "bookshelf.db")
COVER_DIR = os.path.join(BASE_DIR, "covers")
EXPORT_DIR = "/srv/bookshelf/exports"

SECRET_KEY = "b00kshelf-s3cret-key-do-not-share"
MAIL_API_TOKEN = os.environ.get("MAIL_API_TOKEN", "")
PASSWORD_MIN_LENGTH = 10

SORT_COLUMNS = ("title", "author", "published")


def cache_client():
    """The shared Redis cache for sessions and rate limits."""
    return redis.Redis(host="cache.internal", port=6379, password="r3dis-cache-pass")
