"""The message catalog's TOML files (read by :mod:`medpolicy.i18n`)."""
