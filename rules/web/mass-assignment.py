from flask import jsonify, request

from shop.models import Order, User


def register(request):
    # ruleid: mass-assignment
    return User.objects.create(**request.POST.dict())


def update_order(order_id):
    # ruleid: mass-assignment
    Order.query.filter_by(id=order_id).update(**request.get_json())


def create_order():
    # ruleid: mass-assignment
    return Order(**request.json)


def register_safely(request):
    # ok: mass-assignment
    return User.objects.create(username=request.POST["username"], email=request.POST["email"])


def echo():
    # ok: mass-assignment
    return jsonify(**request.args)


def copy_params():
    # ok: mass-assignment
    return dict(**request.args)
