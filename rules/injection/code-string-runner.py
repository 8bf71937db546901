import code
import cProfile
import pdb
import timeit
from code import InteractiveConsole

SETUP = "import json"


def profile_expression(expression):
    # ruleid: code-string-runner
    cProfile.run(expression, sort="cumulative")


def debug_statement(statement):
    # ruleid: code-string-runner
    pdb.run(statement)


def remote_console(connection, namespace):
    console = InteractiveConsole(namespace)
    line = connection.recv(4096).decode()
    # ruleid: code-string-runner
    console.push(line)


def run_source(source):
    interpreter = code.InteractiveInterpreter()
    # ruleid: code-string-runner
    interpreter.runsource(source)


def time_parser(text):
    # ruleid: code-string-runner
    return timeit.timeit(f"json.loads({text!r})", setup=SETUP, number=100)


def sub_interpreter(source):
    import _xxsubinterpreters as interpreters

    interp = interpreters.create()
    # ruleid: code-string-runner
    interpreters.run_string(interp, source)


def profile_main():
    # ok: code-string-runner
    cProfile.run("main()", "profile.out")


def time_function(function):
    # ok: code-string-runner
    return timeit.timeit(function, number=1000)


def time_constant():
    # ok: code-string-runner
    return timeit.timeit("json.dumps([1, 2, 3])", setup=SETUP)


def debug_call(function, argument):
    # ok: code-string-runner
    return pdb.runcall(function, argument)
