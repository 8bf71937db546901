from django.contrib.auth import get_user_model
from django.contrib.auth.models import User


def register(request):
    user = User(username=request.POST["username"])
    # ruleid: django-empty-password
    user.set_password(request.POST.get("password", ""))
    user.save()


def invite(request):
    # ruleid: django-empty-password
    password = request.POST.get("password", "")
    user = User(username=request.POST["username"])
    user.set_password(password)
    user.save()


def create_service_account(name):
    # ruleid: django-empty-password
    return User.objects.create_user(name, "", "")


def create_admin(data):
    # ruleid: django-empty-password
    return get_user_model().objects.create_superuser("admin", "admin@example.com", password=data.get("password", ""))


def reset(user):
    # ruleid: django-empty-password
    user.set_password("")


def register_without_password(request):
    user = User(username=request.POST["username"])
    # ok: django-empty-password
    user.set_password(request.POST.get("password"))
    user.save()


def create_api_user(name):
    # ok: django-empty-password
    return User.objects.create_user(name, "", None)


def disable(user):
    # ok: django-empty-password
    user.set_unusable_password()


def create_with_email_default(name, data):
    # ok: django-empty-password
    return User.objects.create_user(name, data.get("email", ""), data["password"])
