"""Newsletters on changes in legislation: subscriptions, composing, delivery, figures."""
