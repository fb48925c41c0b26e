"""Background workers: durable work stored as rows, claimed with leases."""
