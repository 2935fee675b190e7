import time

from django.db import models


class PublicContentVersion(models.Model):
    """One row: when something readers may see last changed (time.time_ns()).

    Written in the transaction of every public change, so it survives a page-cache bump lost
    after the commit; the page cache compares it with what its last bump stored and bumps
    again if they differ (pagecache.reconcile).
    """

    value = models.BigIntegerField(default=0)

    ROW = 1

    class Meta:
        db_table = "editorial_publiccontentversion"  # created by editorial, moved here as is

    def __str__(self):
        return str(self.value)

    @classmethod
    def touch(cls) -> int:
        """Record a public change now (in the caller's transaction); the new value."""
        value = time.time_ns()
        if not cls.objects.filter(pk=cls.ROW).update(value=value):
            cls.objects.bulk_create([cls(pk=cls.ROW, value=value)], ignore_conflicts=True)
        return value

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=cls.ROW).values_list("value", flat=True).first() or 0
