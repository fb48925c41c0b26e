"""Trainings: catalogue, sign-ups with capacity and waitlist, reminders, attendance, indicators."""
