"""The hot line: officials ask (`ask`, `official`), lawyers answer (`lawyer`)."""
