"""The hot line ("гаряча лінія"): officials ask, lawyers of the topic answer; a consultation is the record."""
