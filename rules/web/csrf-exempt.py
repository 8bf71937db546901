from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


@csrf_exempt
# ruleid: csrf-exempt
def change_email(request):
    request.user.email = request.POST["email"]
    request.user.save()


@csrf.exempt
# ruleid: csrf-exempt
def webhook():
    return "ok"


@method_decorator(csrf_exempt, name="dispatch")
# ruleid: csrf-exempt
class PaymentCallback(View):
    pass


@csrf_protect
# ok: csrf-exempt
def update_profile(request):
    return None


# ok: csrf-exempt
def exempt_users(users):
    return [user for user in users if user.exempt]
