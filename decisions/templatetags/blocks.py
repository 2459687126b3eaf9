"""{% render_block block %}: render a block an app added to a core page (decisions.seams);
{% render_page_blocks "page" subject=... %}: render every block apps added to that place."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from decisions.seams import RenderedBlock, page_blocks

register = template.Library()


@register.simple_tag(takes_context=True)
def render_block(context: Context, block: RenderedBlock) -> SafeString:
    """Render the block's template with the page's context plus the block's own."""
    with context.push(**block.context):
        return context.template.engine.get_template(block.template).render(context)


@register.simple_tag(takes_context=True)
def render_page_blocks(context: Context, page: str, **objects: Any) -> SafeString:
    """Every block apps registered for `page` (nothing when no app is installed)."""
    return format_html_join(
        "", "{}", ((render_block(context, block),) for block in page_blocks(page, **objects))
    )
