import random
import secrets
from random import choice


def jitter(delay):
    # ruleid: random-module-call
    return delay * random.uniform(0.5, 1.5)


def pick_server(servers):
    # ruleid: random-module-call
    return choice(servers)


def sample_rows(rows):
    # ruleid: random-module-call
    generator = random.Random(42)
    return generator.sample(rows, 10)


def reset_token():
    # ok: random-module-call
    return "%032x" % random.getrandbits(128)


def login(user, store):
    # ok: random-module-call
    session_id = random.randint(0, 2**64)
    store[session_id] = user


def invite_code():
    # ok: random-module-call
    return secrets.token_urlsafe(16)


def shuffle_questions(questions):
    # ok: random-module-call
    random.shuffle(questions)
