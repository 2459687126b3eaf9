"""{% render_block block %}: render a block an app added to a core page (decisions.seams)."""

from __future__ import annotations

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString

from decisions.seams import RenderedBlock

register = template.Library()


@register.simple_tag(takes_context=True)
def render_block(context: Context, block: RenderedBlock) -> SafeString:
    """Render the block's template with the page's context plus the block's own."""
    with context.push(**block.context):
        return context.template.engine.get_template(block.template).render(context)
