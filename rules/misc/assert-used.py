from typing import assert_never


def withdraw(account, amount):
    # ruleid: assert-used
    assert amount > 0, "amount must be positive"
    account.balance -= amount


def chunk(items, size):
    # ruleid: assert-used
    assert size
    return [items[i : i + size] for i in range(0, len(items), size)]


def pick(options, index):
    # ruleid: assert-used
    assert 0 <= index < len(options) or not options, f"bad index {index}"
    return options[index]


def narrow(value):
    # ok: assert-used
    assert isinstance(value, str)
    return value.upper()


def profile(user):
    # ok: assert-used
    assert user is not None, "user required"
    return user.profile


def publish(user, article):
    # ok: assert-used
    assert user.has_perm("articles.publish")
    article.publish()


def check(amount):
    # ok: assert-used
    if amount <= 0:
        raise ValueError("amount must be positive")
