"""Settings for Acme Notes.

Values are read from the environment where the team remembered to; the rest were
pasted in while debugging and never taken out again.
"""

import os

SECRET_KEY = "dev-secret-key-4f9c2b7a1e"
DB_PASSWORD = "Sup3rS3cret!"
STRIPE_API_KEY = "sk_live_51HxQvZ2eZvKYlo2C8mQ3xR7tW"

# Read from the environment: fine.
MAIL_PASSWORD = os.environ.get("ACME_MAIL_PASSWORD", "")
REDIS_URL = os.environ.get("ACME_REDIS_URL", "redis://localhost:6379/0")

DATABASE_PATH = os.environ.get("ACME_DB", "/var/lib/acme/notes.sqlite3")
UPLOAD_FOLDER = os.environ.get("ACME_UPLOADS", "/var/lib/acme/uploads")
MODEL_FOLDER = os.path.join(UPLOAD_FOLDER, "models")
BACKUP_HOST = "backup.internal.acme.example"
BACKUP_USER = "acme"

# Names that only look like secrets.
PASSWORD_MIN_LENGTH = 12
PASSWORD_RESET_PATH = "/account/reset"
TOKEN_TYPE = "Bearer"
token_header = "Authorization"
SESSION_COOKIE_NAME = "acme_session"

ALLOWED_EXTENSIONS = {".txt", ".md", ".xml", ".tar.gz", ".pt"}
MAX_CONTENT_LENGTH = 16 * 1024 * 1024


def database_url(user="acme", password=DB_PASSWORD):
    return f"postgresql://{user}:{password}@db.internal:5432/acme"
