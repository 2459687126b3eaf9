"""Search: the search document, the query, the FilterSet, selectors and presentation."""
