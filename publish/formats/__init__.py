"""Writers, one module per output format. They are found through the `publish.formats`
entry-point group (see publish.registry), never imported here, so a build loads only
the formats it makes."""
