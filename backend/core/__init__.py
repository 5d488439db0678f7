"""Shared pieces every domain package uses: the API object, errors, column types, base schema."""
