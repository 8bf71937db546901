import logging
import logging as lg
from logging import getLogger

logger = logging.getLogger(__name__)
log = getLogger("auth")


def login(user, password):
    # ruleid: secret-in-log
    logger.debug("login attempt user=%s password=%s", user, password)


def call_api(settings):
    # ruleid: secret-in-log
    logging.info(f"calling the API with key {settings.api_key}")


def refresh(session):
    # ruleid: secret-in-log
    log.warning("refresh failed for %s" % session.refresh_token)


class Client:
    def __init__(self, client_secret):
        self.logger = lg.getLogger("client")
        # ruleid: secret-in-log
        self.logger.info("configured with secret {}".format(client_secret))


def connect(db_password):
    # ruleid: secret-in-log
    lg.getLogger("db").error("cannot connect", db_password)


def login_quietly(user, password):
    # ok: secret-in-log
    logger.info("password reset requested for %s", user)


def check_length(password):
    # ok: secret-in-log
    logger.debug("password has %d characters", len(password))


def next_page(response):
    next_token = response["NextToken"]
    # ok: secret-in-log
    logger.debug("fetching page %s", next_token)


def parse(token):
    # ok: secret-in-log
    logger.debug("unexpected token %r", token)


def describe(token_type):
    # ok: secret-in-log
    logger.info(f"issued a {token_type} token")


def masked(api_key):
    # ok: secret-in-log
    logger.info("using key ending in %s", api_key[-4:])
