"""The data on the page: built-in sets, uploaded CSV files and points added by hand."""
