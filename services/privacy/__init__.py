"""Personal data: consent, the access log, a person's copy of their data, erasure and retention."""
