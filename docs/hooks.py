"""MkDocs hooks: the navigation is made from the generated pages
(`symact.site.navigation`)."""

from pathlib import Path

from symact.site.navigation import navigation


def on_config(config):
    """Replace ``nav`` with activations grouped by family, and the fixed pages."""
    config["nav"] = navigation(Path(config["docs_dir"]))
    return config
