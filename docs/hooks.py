"""MkDocs hooks: the navigation comes from symact's catalog (`symact.site.navigation`)."""

from symact.site.navigation import navigation


def on_config(config):
    """Replace ``nav`` with the catalog-driven navigation."""
    config["nav"] = navigation()
    return config
