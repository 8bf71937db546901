import math

from flask import abort, request


def transfer(balance):
    # ruleid: float-from-request
    amount = float(request.form["amount"])
    if amount <= 0 or amount > balance:
        abort(400)
    return amount


def django_view(request):
    # ruleid: float-from-request
    ratio = float(request.GET.get("ratio", "1"))
    return ratio


def toggle():
    # ruleid: float-from-request
    return bool(request.args.get("enabled"))


def transfer_checked(balance):
    # ok: float-from-request
    amount = float(request.form["amount"])
    if not math.isfinite(amount) or amount <= 0 or amount > balance:
        abort(400)
    return amount


def count():
    # ok: float-from-request
    return int(request.args.get("count", "10"))


def constant():
    # ok: float-from-request
    return float("1.5")


def price_checked():
    # ok: float-from-request
    price = float(request.args["price"])
    if math.isnan(price):
        abort(400)
    return price
