from shop.forms import CommentForm
from shop.models import Comment


def comment(request):
    form = CommentForm(request.POST)
    if form.is_valid():
        # ruleid: django-post-after-is-valid
        Comment.objects.create(body=request.POST["body"])
        # ruleid: django-post-after-is-valid
        rating = request.POST.get("rating", 0)
        # ok: django-post-after-is-valid
        author = form.cleaned_data["author"]
        return rating, author
    # ok: django-post-after-is-valid
    return request.POST.get("body")


def preview(request):
    # ok: django-post-after-is-valid
    form = CommentForm(request.POST)
    return form
