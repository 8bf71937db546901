import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

# ruleid: django-debug-true
DEBUG = True

# ok: django-debug-true
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"

# ok: django-debug-true
DEBUG = False

ALLOWED_HOSTS = ["shop.example.com"]
INSTALLED_APPS = ["django.contrib.admin", "shop"]

if os.environ.get("LOCAL"):
    # ruleid: django-debug-true
    DEBUG = True


def local_settings():
    # ok: django-debug-true
    DEBUG = True
    ALLOWED_HOSTS = ["localhost"]
    return DEBUG, ALLOWED_HOSTS


class Tool:
    def configure(self):
        # ok: django-debug-true
        DEBUG = True
        return DEBUG
