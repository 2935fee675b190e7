"""The desk's story list and form: the article admin, with the workflow mixed in."""

import json
import operator
from functools import reduce

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, models
from django.urls import path
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from articles.editor import PICKER_URL_NAME, library_images, use_body_editor
from articles.models import Article, ArticleAuthor, Tag
from core.text import removed_markup
from core.zones import time_input_hint
from editorial import services
from editorial.admin.workflow import DeskFilter, WorkflowAdminMixin, _local
from editorial.workflow import InvalidTransition, Status
from images.admin import thumbnail
from search.queries import either_edition_matches, newest_matches
from search.terms import clean_query

# The long texts of a story (bodies, summaries, corrections, search text): the list shows
# none of them, so it does not read them; the change form still loads the whole story.
LIST_DEFERRED = [
    field.attname for field in Article._meta.concrete_fields
    if isinstance(field, models.TextField)
]


def planner_estimate(queryset) -> int | None:
    """How many rows PostgreSQL's planner expects `queryset` to return; None elsewhere.

    EXPLAIN plans the list's own query (filters, search and desk views included) without
    running it: no row is read, it costs one round trip. The estimate comes from the table's
    statistics (kept by autovacuum's ANALYZE), so it is close for the whole table and for
    simple filters, rougher for unusual combinations.
    """
    if not isinstance(queryset, models.QuerySet):
        return None
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def round_estimate(n: int) -> int:
    """An estimate to two significant figures (998,123 -> 1,000,000): no false precision."""
    return round(n, 2 - len(str(n))) if n >= 100 else n


class EstimatedCountPaginator(Paginator):
    """Pages of the desk's list without counting a million stories on every view: from
    `exact_count_below` up the planner's estimate stands for the count ("about N"), below it
    a capped exact count; SQLite always counts (docs/architecture-notes.md, "The desk's list").
    """

    exact_count_below = 10_000
    count_is_estimate = False  # the count is the planner's estimate or the cap
    count_is_lower_bound = False  # the list has more stories than the count

    @cached_property
    def count(self):
        estimate = planner_estimate(self.object_list)
        if estimate is None:
            return Paginator.count.func(self)
        cap = self.exact_count_below
        if estimate >= cap:
            self.count_is_estimate = True
            return round_estimate(estimate)
        # Unordered: which rows fill the cap does not matter, and no sort is needed.
        counted = self.object_list.order_by()[: cap + 1].count()
        if counted > cap:
            self.count_is_estimate = self.count_is_lower_bound = True
            return cap
        return counted


class ArticleChangeList(ChangeList):
    """The list's rows: no long texts, each row's section and its parent in the same query."""

    approximate_result_count = None

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        # Section.__str__ names the parent section ("Politics › Gulf").
        return queryset.select_related("section__parent").defer(*LIST_DEFERRED)

    def get_results(self, request):
        super().get_results(request)
        if not getattr(self.paginator, "count_is_estimate", False):
            return
        if self.paginator.count_is_lower_bound:
            text = ngettext("more than %(count)s story", "more than %(count)s stories",
                            self.result_count)
        else:
            text = ngettext("about %(count)s story", "about %(count)s stories", self.result_count)
        self.approximate_result_count = text % {
            "count": number_format(self.result_count, force_grouping=True)
        }


class SectionListFilter(admin.RelatedFieldListFilter):
    """The sections to filter by, each with its parent in one query (not one per section)."""

    def field_choices(self, field, request, model_admin):
        sections = field.related_model._default_manager.select_related("parent")
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            sections = sections.order_by(*ordering)
        return [(section.pk, str(section)) for section in sections]


class BylineInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = _("byline")
    verbose_name_plural = _("bylines (in the order they are printed)")

    # Bylines are part of the story: whoever may write the story may sign it, without a
    # separate permission on the through model.
    def _story_permission(self, request, obj):
        story_admin = self.admin_site.get_model_admin(Article)
        if obj is None:
            return story_admin.has_add_permission(request)
        return story_admin.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._story_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._story_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._story_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.get_model_admin(Article).has_view_permission(request, obj)


@admin.register(Article)
class ArticleAdmin(WorkflowAdminMixin, TranslationAdmin):
    """The editing desk: Arabic fields first, the English edition in its own group."""

    inlines = [BylineInline]
    list_display = [
        "thumbnail", "title", "section", "byline_names", "status_badge", "published_at",
        "updated_at",
    ]
    list_display_links = ["thumbnail", "title"]
    # Beside Django's delete (editors only): the desk's moves in bulk, each story through
    # the same service and rules as its button (bulk_move below).
    actions = ["submit_selected", "publish_selected"]

    class Media:
        # Thumbnails cropped around the focal point: classes, the CSP refuses style attributes.
        css = {"all": ["css/focal.css"]}

    list_filter = [DeskFilter, "status", ("section", SectionListFilter), "bylines__author",
                   "published_at", "is_breaking"]
    list_select_related = ["section__parent", "lead_image"]
    # Not searched with LIKE: get_search_results() below replaces Django's icontains over
    # these columns with the indexed full-text search. The list only has to be non-empty
    # for the admin to show the search box.
    search_fields = ["title_ar", "title_en", "summary_ar", "slug"]
    # The list at a million stories (issue 5): nothing on a page view counts or scans the
    # whole table. No second COUNT(*) of every story for "N total"; the paginator estimates
    # big counts (EstimatedCountPaginator); no facet counts (one scan per filter); and no
    # date_hierarchy, whose top level is a DISTINCT over the years of every story on every
    # page view (2.4 s at a million): the "published at" filter offers today, the past 7
    # days, this month and this year, and search finds older stories.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    show_facets = admin.ShowFacets.NEVER
    autocomplete_fields = ["section", "lead_image"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    fieldsets = [
        (_("Arabic"), {
            "fields": [
                "kicker_ar", "title_ar", "summary_ar", "body_ar",
                "lead_image_caption_ar", "seo_description_ar",
            ],
        }),
        (_("Placement"), {
            "fields": [
                "section", "tags", "lead_image", ("is_breaking", "is_featured"), "slug",
            ],
        }),
        (_("English edition"), {
            "classes": ["collapse"],
            "description": _(
                "Fill in the English headline and body to publish this story in the English "
                "edition too."
            ),
            "fields": [
                "kicker_en", "title_en", "summary_en", "body_en",
                "lead_image_caption_en", "seo_description_en",
            ],
        }),
        (_("Status"), {
            "fields": ["status", "published_at", "created_at", "updated_at"],
        }),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return self._tags_field(db_field, request)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and formfield is not None:
            # The embargo's date and time boxes: the zone in words and the format, shown.
            formfield.help_text = format_lazy("{} {}", formfield.help_text, time_input_hint())
        return formfield

    def _tags_field(self, db_field, request):
        # Topics are picked with the admin's autocomplete rather than typed as comma-separated
        # text, so spelling variants don't multiply topics; "+" adds a new topic in a popup.
        widget = AutocompleteSelectMultiple(db_field, self.admin_site)
        tag_admin = self.admin_site.get_model_admin(Tag)
        widget = RelatedFieldWidgetWrapper(
            widget, db_field.remote_field, self.admin_site,
            can_add_related=tag_admin.has_add_permission(request),
            can_change_related=False, can_delete_related=False,
            can_view_related=False,
        )
        return forms.ModelMultipleChoiceField(
            queryset=Tag.objects.all(), required=False, widget=widget, label=_("tags"),
            help_text=_("Type a few letters to find a topic; use + to add a new one."),
        )

    def get_queryset(self, request):
        # Bylines for the whole page in one query, not one per row.
        return super().get_queryset(request).prefetch_related("bylines__author")

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_search_results(self, request, queryset, search_term):
        """The desk's search box: the readers' matching over both editions, a story number or
        a slug prefix, ORed within `queryset`; every condition indexed, unlike Django's
        icontains (docs/architecture-notes.md, "The desk's list").
        """
        query = clean_query(search_term)
        if not query:
            return queryset, False
        conditions = []
        words = either_edition_matches(queryset, query)
        if words is not None:
            conditions.append(words)
        if query.isdecimal():
            # A number past the key's range matches nothing (Django drops that condition).
            conditions.append(models.Q(pk=int(query)))
        if " " not in query:
            conditions.append(models.Q(slug__startswith=query))
        if not conditions:
            return queryset.none(), False
        # The newest NEWSROOM_SEARCH_LIMIT matches, as the public search lists: asked for the
        # list's first 100 rows directly, PostgreSQL walked the newest-first index testing
        # every story for a story number or an absent word (almost five minutes at a million
        # stories). A bound of 10,001 (the paginator's cap) made it collect and sort every
        # match of a common word instead: 9-12 s.
        return newest_matches(queryset, reduce(operator.or_, conditions),
                              settings.NEWSROOM_SEARCH_LIMIT), False

    @admin.display(description=_("bylines"))
    def byline_names(self, obj):
        return "، ".join(byline.author.name for byline in obj.bylines.all())

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        return thumbnail(obj.lead_image) if obj.lead_image_id else ""

    def get_form(self, request, obj=None, **kwargs):
        # body_ar edits right to left, body_en left to right, with the library image picker.
        return use_body_editor(super().get_form(request, obj, **kwargs))

    def get_urls(self):
        picker = path(
            "editor-images/", self.admin_site.admin_view(library_images), name=PICKER_URL_NAME
        )
        return [picker, *super().get_urls()]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # services.create_story / save_story
        self._report_removed_markup(request)

    # --- bulk moves ---

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    @admin.action(description=_("Submit the selected stories for review"),
                  permissions=["change"])
    def submit_selected(self, request, queryset):
        self.bulk_move(request, queryset, services.submit_for_review, lambda n: ngettext(
            "%(count)s story submitted for review.", "%(count)s stories submitted for review.",
            n))

    @admin.action(description=_("Publish the selected stories now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.bulk_move(request, queryset, services.publish_article, lambda n: ngettext(
            "%(count)s story published.", "%(count)s stories published.", n))

    def bulk_move(self, request, queryset, service, done_message):
        """`service` on each selected story in turn, each in its own transaction: a story
        the move is not open to is named with the reason and left as it was."""
        done = 0
        for article in queryset.order_by("pk"):
            try:
                service(article, by=request.user)
            except InvalidTransition as exc:
                reason = _("it is %(status)s now, so this step is not possible.") % {
                    "status": Status(exc.current).label}
            except services.Embargoed as exc:
                reason = _("it is under embargo until %(time)s.") % {
                    "time": _local(exc.until, with_zone=True)}
            except PermissionDenied:
                reason = _("you may not take this step on it.")
            except ValidationError as exc:
                reason = " ".join(exc.messages)
            else:
                done += 1
                continue
            self.message_user(request, _("Not done for “%(title)s”: %(reason)s") % {
                "title": article.title, "reason": reason}, messages.WARNING)
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)

    def _report_removed_markup(self, request):
        # The sanitiser has already cleaned the body; say what it took out, so a pasted
        # script or iframe never disappears without the writer knowing.
        for language, name in settings.LANGUAGES:
            removed = removed_markup(request.POST.get(f"body_{language}", ""))
            if removed:
                self.message_user(
                    request,
                    _("Removed from the %(language)s body because it is not allowed in a "
                      "story: %(removed)s. The text itself was kept.")
                    % {"language": _(name), "removed": ", ".join(removed)},
                    messages.WARNING,
                )
