import re


def load_user_formula(form):
    # ruleid: compile-builtin
    code = compile(form["formula"], "<formula>", "eval")
    return code


def load_plugin(path):
    with open(path) as handle:
        source = handle.read()
    # ruleid: compile-builtin
    return compile(source, path, "exec")


def word_pattern(word):
    # ok: compile-builtin
    return re.compile(rf"\b{re.escape(word)}\b")


def constant_code():
    # ok: compile-builtin
    return compile("total = price * quantity", "<pricing>", "exec")


def compile_alias(text):
    from builtins import compile as build

    # ruleid: compile-builtin
    return build(text, "<text>", "exec")


def compile_regex(expression):
    import re as regex

    # ok: compile-builtin
    return regex.compile(expression)
