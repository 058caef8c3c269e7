"""Back on Track: red-flag triage and a personal walking plan for back pain."""
