"""What several listeners share: confirming a preview, reassigning, updating, reading forms."""
