"""The extraction core: one page's bytes in, one validated record (or a rejection) out. Pure functions, no Prefect, no files but the page."""
