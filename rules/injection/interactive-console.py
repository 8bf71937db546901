import code
import codeop
from code import InteractiveConsole as Console


def debug_shell(namespace):
    # ruleid: interactive-console
    code.interact(local=namespace)


def manhole(namespace):
    # ruleid: interactive-console
    return Console(namespace)


def embedded():
    import code as repl

    # ruleid: interactive-console
    return repl.InteractiveInterpreter()


def is_complete(source):
    # ok: interactive-console
    return codeop.compile_command(source) is not None


def status(response):
    # ok: interactive-console
    return response.code
