"""Text to values, pure: time phrases and the `/preventive` command grammar."""
