"""{% render_part part %}: render a block an app added to a core page (decisions.seams)."""

from __future__ import annotations

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

from decisions.seams import RenderedPart

register = template.Library()


@register.simple_tag(takes_context=True)
def render_part(context: Context, part: RenderedPart) -> SafeString:
    """Render the part's template with the page's context plus the part's own."""
    with context.push(**part.context):
        return context.template.engine.get_template(part.template).render(context)
