"""Running hosted mode: a throwaway PostgreSQL cluster and HAProxy for `make hosted` and the tests."""
