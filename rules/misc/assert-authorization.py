def delete_invoice(user, invoice):
    # ruleid: assert-authorization
    assert user.is_staff or invoice.owner_id == user.id
    invoice.delete()


def admin_dashboard(request):
    # ruleid: assert-authorization
    assert request.user.is_authenticated, "login required"
    return render_dashboard(request)


def publish(user, article):
    # ruleid: assert-authorization
    assert user.has_perm("articles.publish")
    article.publish()


def rotate_keys(account):
    # ruleid: assert-authorization
    assert account.role == "admin"
    account.rotate()


def render_dashboard(request):
    rows = request.session.get("rows", [])
    # ok: assert-authorization
    assert isinstance(rows, list)
    return rows


def chunk(items, size):
    # ok: assert-authorization
    assert size > 0, "size must be positive"
    return [items[i : i + size] for i in range(0, len(items), size)]


def load_profile(user):
    # ok: assert-authorization
    assert user is not None
    return user.profile


def delete_invoice_safely(user, invoice):
    # ok: assert-authorization
    if not (user.is_staff or invoice.owner_id == user.id):
        raise PermissionError("not allowed to delete this invoice")
    invoice.delete()


def request_fixture(scope, Scope):
    # ok: assert-authorization
    assert scope is not Scope.Function
    return scope
