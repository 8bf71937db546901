"""Django settings for the Helpdesk project."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "django-insecure-7h1s-1s-n0t-a-r3al-k3y-but-1t-sh1ps"

DEBUG = True

ALLOWED_HOSTS = ["helpdesk.example.com", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "tickets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "helpdesk.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "helpdesk",
        "USER": "helpdesk",
        "PASSWORD": os.environ.get("HELPDESK_DB_PASSWORD", ""),
        "HOST": os.environ.get("HELPDESK_DB_HOST", "localhost"),
    }
}

MEDIA_ROOT = BASE_DIR / "media"
ATTACHMENT_DIR = MEDIA_ROOT / "attachments"
STATIC_URL = "static/"

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

WEBHOOK_SIGNING_KEY = os.environ.get("HELPDESK_WEBHOOK_KEY", "")
