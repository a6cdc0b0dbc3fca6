"""tinynet: see how a tiny 2-2-1 neural network separates data.

One import package for the three parts (the repository keeps them as top-level folders):
tinynet.model (the network in NumPy), tinynet.datasets (toy data) and tinynet.explorer (the
Dash app and the `tinynet` command). `from tinynet import show` runs the explorer inline in a
Jupyter notebook.
"""

__version__ = "0.2.0"


def show(*args, **kwargs):
    """The explorer inline in a Jupyter notebook: `from tinynet import show; show()`.

    See tinynet.explorer.notebook.show for the arguments."""
    from tinynet.explorer.notebook import show as inline

    return inline(*args, **kwargs)


def create_app(*args, **kwargs):
    """A new Dash app of the explorer (see tinynet.explorer.app.create_app)."""
    from tinynet.explorer.app import create_app as factory

    return factory(*args, **kwargs)


__all__ = ["__version__", "create_app", "show"]
