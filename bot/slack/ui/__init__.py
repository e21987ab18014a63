"""Pure Block Kit builders and readers: messages, modals, mrkdwn, error sentences, form fields."""
