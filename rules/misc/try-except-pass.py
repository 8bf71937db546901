import logging
import os

log = logging.getLogger(__name__)


def cleanup(path):
    # ruleid: try-except-pass
    try:
        os.remove(path)
    except Exception:
        pass


def check(payload, verify):
    # ruleid: try-except-pass
    try:
        verify(payload)
        payload.accepted = True
    except:
        pass


def close_all(handles):
    for handle in handles:
        # ruleid: try-except-pass
        try:
            handle.close()
        except BaseException as error:
            pass


def remove_if_present(path):
    # ok: try-except-pass
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def logged(path):
    # ok: try-except-pass
    try:
        os.remove(path)
    except Exception:
        log.exception("could not remove %s", path)


def with_cleanup(path, lock):
    # ok: try-except-pass
    try:
        os.remove(path)
    except Exception:
        pass
    finally:
        lock.release()
