"""The newsroom's time zone in words, for templates: {% zone_label %}, {% time_input_hint %}."""

from django import template

from core import zones

register = template.Library()


@register.simple_tag
def zone_label():
    return zones.zone_label()


@register.simple_tag
def time_input_hint():
    return zones.time_input_hint()
