using Spectre.Console;

namespace TrainableSpec.Cli.Corpus;

/// <summary>Spectre.Console over the command's writer: plain text, no colour codes, wide enough for file names.</summary>
internal static class PlainConsole
{
    public static IAnsiConsole Over(TextWriter writer, bool interactive = false)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 160;
        return console;
    }
}
