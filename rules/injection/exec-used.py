HEADER = "import math"


def run_hook(source, context):
    # ruleid: exec-used
    exec(source, {"ctx": context})


def define_accessor(field_name):
    namespace = {}
    # ruleid: exec-used
    exec(f"def get(obj):\n    return obj.{field_name}", namespace)
    return namespace["get"]


def run_uploaded_script(upload):
    code = upload.read().decode()
    # ruleid: exec-used
    exec(compile(code, upload.filename, "exec"))


def bootstrap(namespace):
    # ok: exec-used
    exec(HEADER, namespace)


def active_heroes(session, select, Hero):
    statement = select(Hero).where(Hero.active)
    # ok: exec-used
    return session.exec(statement).all()


def run_snippet(snippet):
    import builtins

    # ruleid: exec-used
    builtins.exec(snippet)


def run_static():
    # ok: exec-used
    exec("import this")
