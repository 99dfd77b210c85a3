"""Readers of other formats that write canonical sources: Word (.docx) today."""
