"""The application: the command line and the evaluation (the Prefect flows are `pagesift.flows`, in flows/)."""
