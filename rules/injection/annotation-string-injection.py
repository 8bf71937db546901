import typing
from typing import ForwardRef, Optional

ALLOWED = {"int": int, "str": str}


def add_field(cls, name, type_name):
    # ruleid: annotation-string-injection
    cls.__annotations__[name] = f"Optional[{type_name}]"


def reference(type_name):
    # ruleid: annotation-string-injection
    return ForwardRef("List[" + type_name + "]")


def add_typed_field(cls, name, type_name):
    # ok: annotation-string-injection
    cls.__annotations__[name] = Optional[ALLOWED[type_name]]


def forward(name):
    # ok: annotation-string-injection
    return typing.ForwardRef("Node")


def copy_annotation(cls, other, name):
    # ok: annotation-string-injection
    cls.__annotations__[name] = other.__annotations__[name]
