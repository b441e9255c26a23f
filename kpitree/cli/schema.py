"""`kpitree schema`: the JSON Schema of spec v1, for editors and CI."""

from __future__ import annotations

import typer

from kpitree.cli import options
from kpitree.i18n import t

app = typer.Typer(add_completion=False, rich_markup_mode=None)


@app.command(help=t("help.schema"), short_help=t("help.schema.short"))
def schema(output_file: options.OutputFile = None) -> None:
    from kpitree.docgen import schema_json

    options.check_targets(output_file)
    with options.output(output_file) as out:
        out.write(schema_json())
