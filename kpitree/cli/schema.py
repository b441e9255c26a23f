"""`kpitree schema`: the JSON Schema of spec v1, for editors and CI."""

from __future__ import annotations

import typer

from kpitree.cli import options
from kpitree.i18n import t

app = typer.Typer(add_completion=False, rich_markup_mode=None)


@app.command(help=t("help.schema"), short_help=t("help.schema.short"))
def schema(output_file: options.OutputFile = None, force: options.Force = False) -> None:
    from kpitree.cli.outputs import Outputs
    from kpitree.docgen import schema_json

    with Outputs(output_file, force=force).writing() as out:
        out.write(schema_json())
