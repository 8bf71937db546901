"""Tickets, comments and attachments of the Helpdesk."""
from django.conf import settings
from django.db import models


class Team(models.Model):
    """A group of agents that tickets are assigned to."""

    name = models.CharField(max_length=80, unique=True)

    def __str__(self):
        return self.name


class Ticket(models.Model):
    """A support request."""

    STATUSES = [("open", "Open"), ("pending", "Pending"), ("closed", "Closed")]

    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=STATUSES, default="open")
    priority = models.PositiveSmallIntegerField(default=3)
    team = models.ForeignKey(Team, null=True, on_delete=models.SET_NULL)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"#{self.pk} {self.subject}"


class Comment(models.Model):
    """A reply on a ticket."""

    ticket = models.ForeignKey(Ticket, related_name="comments", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)


class Attachment(models.Model):
    """A file uploaded with a ticket, stored under ATTACHMENT_DIR."""

    ticket = models.ForeignKey(Ticket, related_name="attachments", on_delete=models.CASCADE)
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
