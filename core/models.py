from core.memo import cached_reverse
from core.text import arabic_slug, unique_slug


class NamedPage:
    """A model with a `name`, a unique `slug` made from its Arabic name, and a readers' page
    at `url_name` (a section, a byline). Mixed in before models.Model."""

    url_name = ""
    slug_length = 120
    slug_fallback = "page"

    def save(self, *args, **kwargs):
        if not self.slug:
            name = arabic_slug(self.name_ar or self.name, self.slug_length)
            self.slug = unique_slug(self, name, self.slug_fallback)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse(self.url_name, slug=self.slug)
