"""The neutral core: settings, clock, typed domain errors. Every layer may import it; it imports none of them."""
