"""Settings as typed data: front matter, check settings and the project's publish.toml.

Every surface is validated from one table of fields, reporting every problem at once with
its file and line, and a did-you-mean for a misspelt key.
"""

from publish.config.checks import CheckConfig
from publish.config.fields import Value
from publish.config.metadata import GlossaryEntry, Metadata, metadata_from

__all__ = ["CheckConfig", "GlossaryEntry", "Metadata", "Value", "metadata_from"]
