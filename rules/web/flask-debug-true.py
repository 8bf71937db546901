import asyncio
import os

from flask import Flask
from flask import Flask as Application

app = Flask(__name__)
DEBUG = True


def main():
    # ruleid: flask-debug-true
    app.run(host="127.0.0.1", port=5000, debug=True)


def main_with_constant():
    # ruleid: flask-debug-true
    app.run(debug=DEBUG)


def configure():
    # ruleid: flask-debug-true
    app.config["DEBUG"] = True


def main_from_environment():
    # ok: flask-debug-true
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")


def main_production():
    # ok: flask-debug-true
    app.run(host="127.0.0.1", port=5000, debug=False)


async def serve():
    ...


def run_event_loop():
    # ok: flask-debug-true
    asyncio.run(serve(), debug=True)


def configure_many():
    # ruleid: flask-debug-true
    app.config.update(SECRET_KEY=os.environ["SECRET_KEY"], DEBUG=True)


def create_app():
    application = Application(__name__)
    # ruleid: flask-debug-true
    application.debug = True
    return application


def configure_testing_off():
    # ok: flask-debug-true
    app.config.update(DEBUG=False, TESTING=False)


def run_loop_debug(loop):
    # ok: flask-debug-true
    loop.set_debug(True)
