"""`--book`: every article of the batch in one EPUB, made once after the articles by a
finisher (publish/batch.py). Its own metadata come from the book's YAML file; each article is
read again for its text, since a batch keeps only summaries; the narration, when the build
makes one, comes from the cache its articles' build filled."""

from __future__ import annotations

from pathlib import Path

from publish.batch import Batch
from publish.settings import BuildOptions


class BookFinisher:
    name = "book"
    help = "one EPUB 3 e-book of every article (--book YAML)"

    def wanted(self, options: BuildOptions) -> bool:
        return options.book is not None and "epub" in options.formats

    def source(self, options: BuildOptions) -> Path | None:
        return options.book

    def finish(self, batch: Batch, out_dir: Path) -> list[Path]:

        from publish import registry
        from publish.formats.epub import EpubWriter, identifier_for
        from publish.model.ids import source_slug
        from publish.names import OutputNames
        from publish.output import staging
        from publish.parse.frontmatter import read_book
        from publish.parse.markdown import load_article
        from publish.products import Product, Products
        from publish.templates import environment

        options = batch.options
        assert options.book is not None
        meta = read_book(options.book)
        slug = source_slug(options.book, book=True)
        env = environment(options.templates)
        # The article build's other formats: the book is read along when they narrate.
        others = options.for_articles()
        writers = [registry.load(registry.FORMATS, name)(others, env) for name in others.formats]
        needs = frozenset().union(*(w.requires() for w in writers))
        needs |= {Product.COVER, Product.LAYOUT}
        parts = [
            Products(
                load_article(item.source, options.limits, options.allow_remote, options.brand),
                others,
                env,
                needs,
                writers=writers,
            )
            for item in batch.done
        ]
        data = EpubWriter(options, env).build_book(
            meta, parts, identifier_for(f"book:{slug}\n{meta.title}")
        )
        target = out_dir / slug
        name = OutputNames(slug).epub
        with staging(target) as stage:
            (stage / name).write_bytes(data)
        return [target / name]
