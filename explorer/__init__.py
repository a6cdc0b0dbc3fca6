"""tinynet-explorer: see how a 2-2-1 network separates data (the app and the command line)."""


def create_app(*args, **kwargs):
    """The Dash app factory (imported lazily so the command line starts without Dash)."""
    from explorer.app import create_app as factory

    return factory(*args, **kwargs)


def show(*args, **kwargs):
    """The explorer inline in a Jupyter notebook: `from explorer import show; show()`."""
    from explorer.notebook import show as inline

    return inline(*args, **kwargs)
