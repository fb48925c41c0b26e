"""Callback data factories, one module per feature.

Callback data carries ids and codes, never text, and stays under Telegram's
64-byte limit (checked by a test over every factory). It is untrusted input:
handlers re-check roles and ownership in the service.
"""
