"""Every label and message of ours reads in Arabic on the desk."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"


def catalogue_entries():
    """(msgid, msgstr, flags) for each entry of the .po file; an entry with a context
    (msgctxt) has "context=<it>" among its flags."""
    entries, flags, current, field = [], "", {}, None
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,"):
            flags = line
        elif line.startswith("msgctxt "):
            flags += " context=" + ast.literal_eval(line.partition(" ")[2])
            field = None
        elif line.startswith(("msgid ", "msgstr ", "msgstr[0] ", "msgid_plural ")):
            field, _space, literal = line.partition(" ")
            # A plural entry: its first form stands for it (every form is checked below).
            field = {"msgstr[0]": "msgstr", "msgid_plural": "plural"}.get(field, field)
            current[field] = ast.literal_eval(literal)
        elif line.startswith("msgstr["):
            field, _space, literal = line.partition(" ")
            if not ast.literal_eval(literal):
                current["msgstr"] = ""  # an empty plural form makes the entry untranslated
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
        elif not line.strip():
            if current.get("msgid"):
                flags += " plural" if "plural" in current else ""
                entries.append((current["msgid"], current.get("msgstr", ""), flags))
            flags, current, field = "", {}, None
        else:
            field = None
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = catalogue_entries()
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstr, _flags in entries if not msgstr]
    fuzzy = [msgid for msgid, _msgstr, flags in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


def compiled(msgid: str, flags: str) -> str:
    """What the .mo answers for `msgid`, in the entry's context when it has one."""
    context = re.search(r"context=(.*)$", flags)
    return pgettext(context.group(1), msgid) if context else gettext(msgid)


def test_compiled_catalogue_matches_the_source():
    """The committed .mo answers with the .po's Arabic (so nobody forgot to compile)."""
    with translation.override("ar"):
        stale = [
            msgid for msgid, msgstr, flags in catalogue_entries()
            if "plural" not in flags and compiled(msgid, flags) != msgstr
        ]
    assert stale == []


def test_the_desk_greets_in_arabic(admin_client):
    response = admin_client.get("/admin/")
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "مكتب التحرير" in html
    assert re.search(r"الأخبار", html)
