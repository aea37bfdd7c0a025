"""The application: the command line, the Prefect flows and the evaluation."""
