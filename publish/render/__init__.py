"""What several writers render from: the page's template variables, print layout, fonts, cover."""
