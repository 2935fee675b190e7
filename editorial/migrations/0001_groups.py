"""The desk's two roles as Django groups, with the permissions each needs.

Permissions are normally created after all migrations run (post_migrate), so a fresh
database would have none yet: they are created here first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

JOURNALIST_PERMISSIONS = [
    "articles.add_article", "articles.change_article", "articles.view_article",
    "articles.view_tag", "articles.add_tag",
    "images.add_image", "images.change_image", "images.view_image",
    "authors.view_author", "sections.view_section",
]
EDITOR_PERMISSIONS = JOURNALIST_PERMISSIONS + [
    "articles.delete_article", "articles.review_article", "articles.publish_article",
    "articles.change_tag", "articles.delete_tag",
    "images.delete_image",
    "authors.add_author", "authors.change_author", "authors.delete_author",
    "sections.add_section", "sections.change_section", "sections.delete_section",
]
GROUPS = {"Journalists": JOURNALIST_PERMISSIONS, "Editors": EDITOR_PERMISSIONS}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("authors", "0001_initial"),
        ("sections", "0001_initial"),
        ("images", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
