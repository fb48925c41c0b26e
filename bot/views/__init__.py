"""Views: turn what services return (results, refusals, notices) into what Telegram shows."""
