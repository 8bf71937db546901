import logging
import pdb
import sys

import debugpy

log = logging.getLogger(__name__)


def checkout(cart):
    # ruleid: debug-breakpoint
    breakpoint()
    return cart.total()


def reconcile(ledger):
    # ruleid: debug-breakpoint
    pdb.set_trace()
    return ledger.balance()


def start_debug_server():
    # ruleid: debug-breakpoint
    debugpy.listen(("0.0.0.0", 5678))


def import_debugger_late(rows):
    import ipdb

    # ruleid: debug-breakpoint
    ipdb.set_trace()
    return rows


def checkout_logged(cart):
    # ok: debug-breakpoint
    log.debug("checkout %s", cart.id)
    return cart.total()


def install_hook(hook):
    # ok: debug-breakpoint
    sys.breakpointhook = hook


class Tracer:
    def set_trace(self, frame):
        return frame

    def run(self, frame):
        # ok: debug-breakpoint
        return self.set_trace(frame)


def debug_when(flag):
    from pdb import set_trace as st

    if flag:
        # ruleid: debug-breakpoint
        st()
    return flag


def trace_hook():
    # ok: debug-breakpoint
    return sys.gettrace()
