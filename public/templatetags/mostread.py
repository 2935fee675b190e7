"""`{% most_read_stories as stories %}`: the edition's most read stories (public/mostread.py),
for templates/articles/_most_read.html."""

from django import template
from django.utils import translation

from public.mostread import most_read

register = template.Library()


@register.simple_tag
def most_read_stories():
    return most_read(translation.get_language())
