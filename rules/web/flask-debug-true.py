import asyncio
import os

from flask import Flask

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
