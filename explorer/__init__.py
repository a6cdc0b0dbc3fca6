"""tinynet-explorer: see how a 2-2-1 network separates data (the app and the command line)."""
