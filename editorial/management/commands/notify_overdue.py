"""`manage.py notify_overdue`: tell assignees of the assignments that became overdue.

Run every few minutes by a timer (deploy/newsroom-overdue.timer). It enqueues the sweep
(editorial.tasks.notify_overdue_assignments) for the worker; with the immediate backend of
development and the tests it runs at once. The calendar's flags do not wait for it.
"""

from django.core.management.base import BaseCommand

from editorial.tasks import notify_overdue_assignments


class Command(BaseCommand):
    help = "Tell assignees of the assignments that became overdue (inbox and mail)."

    def handle(self, *args, **options):
        result = notify_overdue_assignments.enqueue()
        self.stdout.write(f"overdue sweep enqueued: {result.id}")
