"""Create the one SiteSettings row, so reading it is always a plain SELECT (or a cache hit)."""

from django.db import migrations


def create_row(apps, schema_editor):
    SiteSettings = apps.get_model("sitesettings", "SiteSettings")
    SiteSettings.objects.get_or_create(pk=1, defaults={"site_name_ar": "الأمصار",
                                                       "site_name": "الأمصار"})


class Migration(migrations.Migration):
    dependencies = [("sitesettings", "0002_digits")]
    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
