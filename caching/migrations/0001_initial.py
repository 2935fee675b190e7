# PublicContentVersion moves here from editorial with its table as it is: state only.

from django.db import migrations, models


def move_content_type(apps, schema_editor, old="editorial", new="caching"):
    """Its content type (and so its permissions) follows the model, where one exists yet."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label=new, model="publiccontentversion").exists():
        types.filter(app_label=old, model="publiccontentversion").update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="caching", new="editorial")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("editorial", "0003_public_content_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PublicContentVersion",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("value", models.BigIntegerField(default=0)),
                    ],
                    options={"db_table": "editorial_publiccontentversion"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
