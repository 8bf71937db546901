def handle(request):
    action = request.args["action"]
    # ruleid: globals-dynamic-access
    return globals()[action](request)


def lookup(name):
    # ruleid: globals-dynamic-access
    handler = globals().get(name)
    return handler


def define(name, value):
    # ruleid: globals-dynamic-access
    locals()[name] = value


def module_name():
    # ok: globals-dynamic-access
    return globals()["__name__"]


def has_debug():
    # ok: globals-dynamic-access
    return globals().get("DEBUG", False)


def lookup_in(namespace, name):
    # ok: globals-dynamic-access
    return namespace[name]


def handlers_of(registry, name):
    # ok: globals-dynamic-access
    return registry.globals()[name]
