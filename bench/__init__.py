"""The Back on Track benchmark: every page timed over Streamlit's own websocket protocol (issue 11)."""
