"""`/indicators`: monitoring indicators of the strategy (Table 2) and the service figures."""
