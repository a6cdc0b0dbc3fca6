"""Training from the page: the actions on the server, their callbacks, panel and figures."""
