"""The site's chrome (masthead, menu, footer), rendered once per process for what it shows.

Every readers' page repeats the same header and footer: rendering them took about 80 % of a
page as small as "about us" (docs/benchmarks.md, "Faster misses"). `{% chrome "name" %}…
{% endchrome %}` keeps its rendered HTML under everything it may show: the language, time
zone and day (the masthead's date, the footer's year), every field of the site's settings
and the menu's sections (ids, slugs, names in each language). Anything else inside must be
the same for every page of a language (static and reversed URLs, translations), which a
deploy (a new process) alone changes. So, like the story cards (caching/fragments.py), a
copy is never stale and nothing invalidates it; a page's own parts (its title, links to the
other edition) stay outside the tag.
"""

from django import template
from django.conf import settings
from django.utils import timezone, translation

from caching import fragments

register = template.Library()


def _settings_key(site) -> tuple | None:
    """Every field of the settings row, once per request (kept on the row's instance)."""
    if site is None:
        return None
    site.pk  # noqa: B018 (loads a lazy object)
    row = getattr(site, "_wrapped", site).__dict__
    key = row.get("_chrome_key")
    if key is None:
        key = row["_chrome_key"] = tuple(row.get(f.attname) for f in site._meta.concrete_fields)
    return key


def _menu_key(sections) -> tuple:
    names = ["id", "slug", "parent_id", *(f"name_{code}" for code, _n in settings.LANGUAGES)]
    return tuple(tuple(section.__dict__.get(n) for n in names) for section in sections or ())


class ChromeNode(template.Node):
    # No {% block %} may go inside: Django looks for blocks in a base template on every
    # render, and this part's nodes need not be walked (they are kept rendered).
    child_nodelists = ()

    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        key = (self.name, _page_key(context))
        return fragments.fragment(key, lambda: self.nodelist.render(context))


def _page_key(context) -> tuple:
    """What every part of the chrome may show, once per page (a page has four parts)."""
    state = context.render_context
    key = state.get("chrome_key")
    if key is None:
        key = state["chrome_key"] = (
            "chrome", translation.get_language(),
            timezone.get_current_timezone_name(), timezone.localdate(),
            _settings_key(context.get("site")), _menu_key(context.get("nav_sections")),
        )
    return key


def named_block(parser, token) -> tuple[str, template.NodeList]:
    """The quoted name and the contents of `{% tag "name" %}…{% endtag %}`."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f'usage: {{% {bits[0]} "part" %}}…{{% end{bits[0]} %}}')
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return bits[1][1:-1], nodelist


@register.tag
def chrome(parser, token):
    """{% chrome "part" %}…{% endchrome %}: see the module's docstring for what may go in."""
    return ChromeNode(*named_block(parser, token))
