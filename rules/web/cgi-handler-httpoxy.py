import wsgiref.handlers
import wsgiref.simple_server

# ruleid: cgi-handler-httpoxy
from wsgiref.handlers import CGIHandler

# ruleid: cgi-handler-httpoxy
from twisted.web.twcgi import CGIScript as Script

# ok: cgi-handler-httpoxy
from wsgiref.handlers import SimpleHandler


def run_cgi(application):
    # ok: cgi-handler-httpoxy
    CGIHandler().run(application)


def run_module_cgi(application):
    # ruleid: cgi-handler-httpoxy
    wsgiref.handlers.CGIHandler().run(application)


def run_local(application):
    # ok: cgi-handler-httpoxy
    wsgiref.simple_server.make_server("127.0.0.1", 8000, application).serve_forever()


def script_resource(path):
    # ok: cgi-handler-httpoxy
    return Script(path)
