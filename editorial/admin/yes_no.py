"""Django's yes/no icons with Arabic alt text: it writes alt="True", "False" or "None".

The admin draws a read-only boolean (a journalist's view of a story in review, a section's
"active" column) with `admin_list._boolean_icon`, whose alt text is the Python value in
English; display_for_field looks it up at call time, so replacing it here is enough. The
crawl (tests/editorial/test_untranslated_crawl.py) fails if a Django upgrade bypasses it.
"""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

ICONS = {True: ("yes", _("Yes")), False: ("no", _("No")), None: ("unknown", _("Unknown"))}


def boolean_icon(value):
    name, alt = ICONS[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), alt)


admin_list._boolean_icon = boolean_icon
