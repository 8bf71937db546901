import random
import secrets
import string
from random import randint


def reset_token():
    # ruleid: insecure-random
    return "".join(random.choice(string.ascii_letters) for _ in range(32))


def login(user, session_store):
    # ruleid: insecure-random
    session_id = random.getrandbits(128)
    session_store[session_id] = user


def send_otp(phone, sms):
    # ruleid: insecure-random
    sms.send(phone, f"Your code is {randint(100000, 999999)}")


def create_api_key():
    import random as rnd

    # ruleid: insecure-random
    return "%032x" % rnd.getrandbits(128)


def shuffle_test_data(questions):
    # ok: insecure-random
    random.shuffle(questions)
    return questions


def backoff(attempt):
    # ok: insecure-random
    delay = random.uniform(0, 2**attempt)
    return delay


def pick_color(palette):
    # ok: insecure-random
    return random.choice(palette)


def make_token():
    # ok: insecure-random
    return secrets.token_urlsafe(32)


def make_password(length):
    # ok: insecure-random
    return "".join(random.SystemRandom().choice(string.ascii_letters) for _ in range(length))


def weighted_order(items, weights):
    # ok: insecure-random
    weight_keys = [random.random() ** (1 / w) for w in weights]
    return [item for _, item in sorted(zip(weight_keys, items))]


def pick_random_key(keys):
    # ok: insecure-random
    return random.choice(keys)


def generate_random_key():
    # ruleid: insecure-random
    return random.randbytes(32)
