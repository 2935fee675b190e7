# PublicContentVersion now belongs to the caching app (caching/migrations/0001_initial.py),
# which keeps this app's table: removed from this app's state only, the table stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("editorial", "0004_preview_link_events"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PublicContentVersion")],
            database_operations=[],
        ),
    ]
