"""What the API says of a story, section, byline and tag: English field names, the edition's
text (the view activates its language), absolute URLs to the readers' pages and the photos.

Nothing here queries: the views load what the serializers read (tests pin the counts).
"""

import re
from urllib.parse import urlencode

from django.urls import reverse
from rest_framework import serializers

from images import renditions

# Addresses in a stored body that start at the site's root ("/media/…", "/article/…"): made
# absolute for clients on other sites. Bodies are sanitised on save (core/text.py), so
# attribute values are quoted and escaped; srcset lists several addresses.
_ROOT_URL = re.compile(r'\b(src|href)="(/(?!/)[^"]*)"')
_SRCSET = re.compile(r'\bsrcset="([^"]*)"')


def absolute(request, url: str) -> str:
    """`url` (a root-relative path or already absolute, e.g. on a bucket) made absolute."""
    return request.build_absolute_uri(url) if url else ""


def absolute_body(request, html: str) -> str:
    """The sanitised body with its root-relative addresses made absolute."""
    html = _ROOT_URL.sub(lambda m: f'{m[1]}="{absolute(request, m[2])}"', html)

    def srcset(match):
        parts = []
        for candidate in match[1].split(","):
            url, _space, size = candidate.strip().partition(" ")
            parts.append(f"{absolute(request, url) if url.startswith('/') else url} {size}".strip())
        return f'srcset="{", ".join(parts)}"'

    return _SRCSET.sub(srcset, html)


def stories_url(request, language: str, **filters) -> str:
    """The API's list of stories with `filters`, in the `language` edition."""
    query = urlencode({**filters, "lang": language})
    return absolute(request, f"{reverse('api:story-list')}?{query}")


class EditionSerializer(serializers.Serializer):
    """Base: the request and the edition from the view's context."""

    @property
    def request(self):
        return self.context["request"]

    @property
    def language(self):
        return self.context["language"]


class ImageSerializer(EditionSerializer):
    url = serializers.SerializerMethodField(help_text="A rendition about a column wide.")
    width = serializers.IntegerField(help_text="Of the original, in pixels.")
    height = serializers.IntegerField()
    alt = serializers.CharField(source="alt_text")
    caption = serializers.CharField()
    credit = serializers.CharField()
    renditions = serializers.SerializerMethodField(
        help_text="Every WebP rendition, narrowest first."
    )

    def get_url(self, image) -> str:
        return absolute(self.request, image.src)

    def get_renditions(self, image) -> list[dict]:
        return [
            {
                "width": width,
                "url": absolute(self.request, renditions.rendition_url(image.file.name, width)),
            }
            for width in sorted(image.rendition_widths)
        ]


class SectionSerializer(EditionSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    parent = serializers.SerializerMethodField(help_text="The parent section's slug, if any.")
    url = serializers.SerializerMethodField(help_text="The section's page on the site.")
    stories_url = serializers.SerializerMethodField()

    def get_parent(self, section) -> str | None:
        return section.parent.slug if section.parent_id else None

    def get_url(self, section) -> str:
        return absolute(self.request, section.get_absolute_url())

    def get_stories_url(self, section) -> str:
        return stories_url(self.request, self.language, section=section.slug)


class SectionRefSerializer(SectionSerializer):
    """A story's section: what a list needs."""

    description = None
    parent = None
    stories_url = None


class AuthorSerializer(EditionSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text="staff, contributor, outlet or agency.")
    job_title = serializers.CharField()
    bio = serializers.CharField()
    photo = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The byline's page on the site.")
    stories_url = serializers.SerializerMethodField()

    def get_photo(self, author) -> dict | None:
        return ImageSerializer(author.photo, context=self.context).data if author.photo else None

    def get_url(self, author) -> str:
        return absolute(self.request, author.get_absolute_url())

    def get_stories_url(self, author) -> str:
        return stories_url(self.request, self.language, author=author.slug)


class BylineSerializer(EditionSerializer):
    slug = serializers.CharField(source="author.slug")
    name = serializers.CharField(source="author.name")
    url = serializers.SerializerMethodField()

    def get_url(self, byline) -> str:
        return absolute(self.request, byline.author.get_absolute_url())


class TagSerializer(EditionSerializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The tag's page on the site.")
    stories_url = serializers.SerializerMethodField()

    def get_url(self, tag) -> str:
        return absolute(self.request, tag.get_absolute_url())

    def get_stories_url(self, tag) -> str:
        return stories_url(self.request, self.language, tag=tag.slug)


class TagRefSerializer(TagSerializer):
    stories_url = None


class StorySerializer(EditionSerializer):
    """A story as a list shows it."""

    id = serializers.IntegerField()
    language = serializers.SerializerMethodField(help_text="The edition: ar or en.")
    headline = serializers.CharField(source="title")
    kicker = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The story's page on the site.")
    api_url = serializers.SerializerMethodField(help_text="This story in the API.")
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField(
        source="updated_for_readers",
        allow_null=True,
        help_text="When the story was corrected or revised for readers; null if never.",
    )
    is_breaking = serializers.BooleanField()
    section = SectionRefSerializer()
    authors = BylineSerializer(source="bylines.all", many=True)
    tags = TagRefSerializer(source="tags.all", many=True)
    lead_image = serializers.SerializerMethodField()

    def get_language(self, story) -> str:
        return self.language

    def get_url(self, story) -> str:
        return absolute(self.request, story.get_absolute_url())

    def get_api_url(self, story) -> str:
        path = reverse("api:story-detail", kwargs={"pk": story.pk})
        return absolute(self.request, f"{path}?{urlencode({'lang': self.language})}")

    def get_lead_image(self, story) -> dict | None:
        image = story.lead_image
        if image is None:
            return None
        data = ImageSerializer(image, context=self.context).data
        data["caption"] = story.lead_caption
        return data


class StoryDetailSerializer(StorySerializer):
    """A story whole: its body (sanitised HTML, addresses absolute) and any correction."""

    body = serializers.SerializerMethodField(help_text="Sanitised HTML, as on the site.")
    description = serializers.CharField(help_text="For search engines and social networks.")
    correction = serializers.SerializerMethodField()

    def get_body(self, story) -> str:
        return absolute_body(self.request, story.body or "")

    def get_correction(self, story) -> dict | None:
        if not story.correction_note:
            return None
        return {
            "note": story.correction_note,
            "corrected_at": serializers.DateTimeField().to_representation(story.corrected_at)
            if story.corrected_at
            else None,
        }
