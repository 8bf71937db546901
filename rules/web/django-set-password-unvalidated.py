from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password


def change_password(request):
    password = request.POST["password"]
    # ruleid: django-set-password-unvalidated
    request.user.set_password(password)
    request.user.save()


def register(request):
    user = User(username=request.POST["username"])
    new_password = request.data.get("password")
    # ruleid: django-set-password-unvalidated
    user.set_password(new_password)
    user.save()


class ResetView:
    def post(self, user):
        secret = self.request.POST.get("new_password")
        # ruleid: django-set-password-unvalidated
        user.set_password(secret)
        user.save()


def quick_reset(request, user):
    # ruleid: django-set-password-unvalidated
    user.set_password(request.POST["password"])


def change_password_checked(request):
    password = request.POST["password"]
    validate_password(password, request.user)
    # ok: django-set-password-unvalidated
    request.user.set_password(password)
    request.user.save()


def change_password_module(request):
    password = request.POST["password"]
    password_validation.validate_password(password, user=request.user)
    # ok: django-set-password-unvalidated
    request.user.set_password(password)


def change_with_form(form, user):
    # ok: django-set-password-unvalidated
    user.set_password(form.cleaned_data["password1"])


def create_bot(user, generated):
    # ok: django-set-password-unvalidated
    user.set_password(generated)
