import hmac
import logging.config
from logging.config import listen

LOGGING_KEY = b"loaded-from-the-environment"


def start_listener():
    # ruleid: logging-config-listen
    listener = logging.config.listen(9030)
    listener.start()
    return listener


def start_default_listener():
    # ruleid: logging-config-listen
    return listen()


def verify(data):
    signature, body = data[:32], data[32:]
    expected = hmac.digest(LOGGING_KEY, body, "sha256")
    return body if hmac.compare_digest(signature, expected) else None


def start_verified_listener():
    # ok: logging-config-listen
    listener = logging.config.listen(9030, verify=verify)
    listener.start()
    return listener


def configure(settings):
    # ok: logging-config-listen
    logging.config.dictConfig(settings)


def start_aliased_listener(port):
    from logging import config as logging_config

    # ruleid: logging-config-listen
    return logging_config.listen(port)


def stop_listener():
    # ok: logging-config-listen
    logging.config.stopListening()
