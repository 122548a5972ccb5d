namespace MusicGen.Notebooks.Export;

/// <summary>The stylesheet embedded in every exported page: a readable column, quiet prompts,
/// code on a light panel, tables with thin rules, errors in red.</summary>
internal static class HtmlExportStyle
{
    public const string Css = """
        :root { --fg: #1f2328; --muted: #6e7781; --panel: #f6f8fa; --rule: #d0d7de; --accent: #0550ae; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--fg); background: #fff;
               font: 16px/1.55 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
        main.notebook { max-width: 1000px; margin: 0 auto; padding: 24px 32px 64px; }
        .cell { margin: 14px 0; }
        .cell.markdown h1 { font-size: 2em; border-bottom: 1px solid var(--rule); padding-bottom: .3em; }
        .cell.markdown h2 { font-size: 1.5em; border-bottom: 1px solid var(--rule); padding-bottom: .3em; }
        .cell.markdown code { background: var(--panel); padding: .1em .35em; border-radius: 4px; font-size: 90%; }
        .cell.markdown pre code { padding: 0; background: none; }
        .cell.markdown pre { background: var(--panel); padding: 10px 12px; border-radius: 6px; overflow-x: auto; }
        .math { font-family: "Latin Modern Math", "STIX Two Math", Cambria, "DejaVu Serif", serif; font-size: 1.05em; white-space: nowrap; }
        div.math { display: block; text-align: center; margin: .8em 0; white-space: normal; }
        .math .mrm, .math .mop { font-style: normal; }
        .math .mcmd { font-family: ui-monospace, monospace; font-size: 85%; color: #a33; }
        .math sup, .math sub { font-size: 70%; }
        .math .frac { display: inline-flex; flex-direction: column; vertical-align: middle; text-align: center; margin: 0 .15em; }
        .math .frac .fnum { border-bottom: 1px solid currentColor; padding: 0 .2em; }
        .math .frac .fden { padding: 0 .2em; }
        .math .radicand { border-top: 1px solid currentColor; padding-left: .1em; }
        table { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
        th, td { border: 1px solid var(--rule); padding: 4px 10px; text-align: left; vertical-align: top; }
        th { background: var(--panel); font-weight: 600; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        .input, .output { display: flex; align-items: flex-start; gap: 8px; }
        .prompt { flex: 0 0 72px; text-align: right; color: var(--muted);
                  font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; padding-top: 9px; }
        .input .prompt { color: var(--accent); }
        .output .prompt { color: #953800; }
        pre { margin: 0; white-space: pre-wrap; word-break: break-word;
              font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
        pre.source { flex: 1; min-width: 0; background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; }
        .output > pre, .output > div:not(.prompt) { flex: 1; min-width: 0; padding: 8px 0 4px; overflow-x: auto; }
        pre.stderr { background: #fff8f0; }
        pre.error { background: #ffebe9; color: #82071e; padding: 8px 12px; border-radius: 6px; }
        .svg svg, .image img { max-width: 100%; height: auto; }
        .kw { color: #cf222e; }
        .str { color: #0a3069; }
        .num { color: #0550ae; }
        .com { color: #6e7781; font-style: italic; }
        .dir { color: #8250df; }

        """;
}
