using System.Globalization;
using Spectre.Console;

namespace Connectors.Custom.Cli.Commands;

/// <summary>Prints a <see cref="CustomProbeReport"/>: the checks as a table, then the proposed quirk profile.</summary>
internal static class ProbeReportView
{
    public static void Write(IAnsiConsole console, CustomProbeReport report)
    {
        var table = new Table().AddColumns("Check", "Result", "Time", "Detail");
        foreach (var check in report.Checks)
        {
            table.AddRow(
                Markup.Escape(check.Name),
                Outcome(check.Outcome),
                check.Duration == TimeSpan.Zero ? "-" : $"{check.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms",
                Markup.Escape(check.Detail));
        }

        console.Write(table);
        console.WriteLine();
        console.MarkupLine("[bold]Proposed quirk profile[/] (paste into the endpoint's section of appsettings.json):");

        // Written as plain text: JSON braces and brackets must not be read as markup.
        console.WriteLine(report.ToQuirksJson());
        if (report.QuirkReasons.Count == 0)
        {
            console.MarkupLine("  [grey]Nothing differs from the generic defaults.[/]");
        }

        foreach (var reason in report.QuirkReasons)
        {
            console.MarkupLine($"  [grey]- {Markup.Escape(reason)}[/]");
        }
    }

    private static string Outcome(CustomProbeOutcome outcome) => outcome switch
    {
        CustomProbeOutcome.Supported => "[green]supported[/]",
        CustomProbeOutcome.NotSupported => "[yellow]not supported[/]",
        CustomProbeOutcome.Failed => "[red]failed[/]",
        _ => "[grey]skipped[/]",
    };
}
